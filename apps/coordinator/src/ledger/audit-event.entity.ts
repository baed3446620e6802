import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** JSON-serialisable details of an event; never a raw identity. */
export type AuditData = Record<string, unknown>;

/**
 * Append-only. Each event carries the hash of its predecessor in the same stream: one stream per request
 * (`request:<id>`), plus `registry`, `api-keys` and other streams of coordinator-wide changes.
 */
@Entity('audit_events')
@Index('ux_audit_events_stream_seq', ['stream', 'seq'], { unique: true })
@Index('ix_audit_events_at_id', ['at', 'id'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  stream: string;

  @Column({ type: 'int' })
  seq: number;

  @Column({ type: 'varchar', length: 60 })
  type: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'varchar', length: 100 })
  actor: string;

  @Column({ type: 'jsonb' })
  data: AuditData;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
