import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The head of each audit stream. Locking this row serialises appends to one stream, and keeping the head hash here
 * means that deleting the newest events is detected, not only editing them.
 */
@Entity('audit_streams')
export class AuditStreamEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  stream: string;

  @Column({ name: 'head_seq', type: 'int' })
  headSeq: number;

  @Column({ name: 'head_hash', type: 'char', length: 64 })
  headHash: string;
}
