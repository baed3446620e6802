import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { ErasureError, RetentionInfo } from '@lethe/deletion-sdk/protocol';
import { ErasureRequestEntity } from '../tasks/erasure-request.entity';
import { TaskStatus } from './task-lifecycle';

@Entity('erasure_tasks')
@Index('ux_erasure_tasks_request_service', ['requestId', 'service'], { unique: true })
@Index('ix_erasure_tasks_service_status', ['service', 'status'])
export class ErasureTaskEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @ManyToOne(() => ErasureRequestEntity, (request) => request.tasks, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'fk_erasure_tasks_request' })
  request?: Relation<ErasureRequestEntity>;

  @Column({ type: 'varchar', length: 63 })
  service: string;

  @Column({ type: 'varchar', length: 20 })
  status: TaskStatus;

  /** Number of dispatches sent so far. */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'records_affected', type: 'int', nullable: true })
  recordsAffected: number | null;

  @Column({ type: 'jsonb', nullable: true })
  retention: RetentionInfo | null;

  @Column({ name: 'last_error', type: 'jsonb', nullable: true })
  lastError: ErasureError | null;

  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** When the current dispatch counts as unanswered (cleared by a result). */
  @Column({ name: 'ack_due_at', type: 'timestamptz', nullable: true })
  ackDueAt: Date | null;

  /** When the next dispatch is due after a retriable failure (cleared when it is queued). */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  /** While `waiting`: when the target said it would be done (it accepted the command and reports later). */
  @Column({ name: 'expected_at', type: 'timestamptz', nullable: true })
  expectedAt?: Date | null;

  /** `attempts` when an operator last granted a fresh retry budget. */
  @Column({ name: 'attempt_budget_base', type: 'int', default: 0 })
  attemptBudgetBase: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
