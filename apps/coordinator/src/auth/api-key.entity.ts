import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Role } from './role';

/**
 * An issued API key. The key itself is never stored, only its SHA-256 digest; `prefix` identifies it in lists.
 * Names are unique ignoring case (index `ux_api_keys_name` on lower(name), in the migration) and never reused,
 * so the actor `api-key:<name>` in the audit ledger always means one key.
 */
@Entity('api_keys')
@Index('ux_api_keys_key_hash', ['keyHash'], { unique: true })
@Index('ix_api_keys_created', ['createdAt'])
export class ApiKeyEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 10 })
  role: Role;

  @Column({ type: 'varchar', length: 32 })
  prefix: string;

  @Column({ name: 'key_hash', type: 'char', length: 64 })
  keyHash: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy: string;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by', type: 'varchar', length: 100, nullable: true })
  revokedBy: string | null;

  /** Updated at most once a minute per coordinator replica, so it is approximate. */
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
