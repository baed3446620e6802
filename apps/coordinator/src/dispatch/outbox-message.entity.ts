import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A command waiting to be published. It references the task instead of holding the command, so no raw identity
 * is ever written outside the encrypted column; the relay builds and signs the command at publish time.
 */
@Entity('outbox_messages')
@Index('ix_outbox_messages_unsent', ['id'], { where: 'sent_at IS NULL' })
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** Becomes the command's `id`: unique per dispatch, so the SDK can recognise a re-delivery. */
  @Column({ name: 'command_id', type: 'uuid' })
  commandId: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @Column({ type: 'int' })
  attempt: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** Publishes of this row that failed; each backs the row off further (see outbox-backoff.ts). */
  @Column({ name: 'publish_attempts', type: 'int', default: 0 })
  publishAttempts: number;

  /** A row that failed to publish waits until then, while the rows behind it go out. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  /** Why the last publish failed: an error name and message from Kafka or the vault, never a payload. */
  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;
}
