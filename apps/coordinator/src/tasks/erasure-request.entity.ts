import { Column, Entity, Index, OneToMany, PrimaryColumn, type Relation } from 'typeorm';
import { Regulation } from '../deadlines/deadline-policy';
import { ErasureTaskEntity } from './erasure-task.entity';
import { RequestStatus } from '../requests/request-lifecycle';

export interface IdentityHash {
  type: string;
  hash: string;
}

@Entity('erasure_requests')
@Index('ix_erasure_requests_external_id', ['externalId'], { unique: true, where: 'external_id IS NOT NULL' })
@Index('ix_erasure_requests_submitted', ['submittedAt', 'id'])
@Index('ix_erasure_requests_status_submitted', ['status', 'submittedAt', 'id'])
export class ErasureRequestEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'external_id', type: 'varchar', length: 200, nullable: true })
  externalId: string | null;

  @Column({ type: 'varchar', length: 10 })
  regulation: Regulation;

  @Column({ type: 'varchar', length: 20 })
  status: RequestStatus;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** The statutory due date before any extension; extensions are bounded relative to it. */
  @Column({ name: 'initial_due_at', type: 'timestamptz' })
  initialDueAt: Date;

  /** CCPA: receipt must be confirmed to the consumer by then (10 business days); null under GDPR. */
  @Column({ name: 'receipt_confirmation_due_at', type: 'timestamptz', nullable: true })
  receiptConfirmationDueAt: Date | null;

  /** When an operator recorded that receipt was confirmed to the consumer. */
  @Column({ name: 'receipt_confirmed_at', type: 'timestamptz', nullable: true })
  receiptConfirmedAt: Date | null;

  /** When the missing receipt confirmation was escalated (once). */
  @Column({ name: 'receipt_confirmation_overdue_at', type: 'timestamptz', nullable: true })
  receiptConfirmationOverdueAt: Date | null;

  @Column({ name: 'extended_at', type: 'timestamptz', nullable: true })
  extendedAt: Date | null;

  @Column({ name: 'extension_reason', type: 'text', nullable: true })
  extensionReason: string | null;

  /** When the at-risk escalation was recorded (once per due date). */
  @Column({ name: 'at_risk_at', type: 'timestamptz', nullable: true })
  atRiskAt: Date | null;

  /** When the overdue escalation was recorded (once per due date). */
  @Column({ name: 'overdue_at', type: 'timestamptz', nullable: true })
  overdueAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  /** Keyed hashes of the normalised identities: proof of whom the request was about, without the values. */
  @Column({ name: 'identity_hashes', type: 'jsonb' })
  identityHashes: IdentityHash[];

  /** Raw identities, encrypted under a per-request data key; both null once crypto-shredded (see shredding/). */
  @Column({ name: 'sealed_identities', type: 'bytea', nullable: true })
  sealedIdentities: Buffer | null;

  @Column({ name: 'wrapped_data_key', type: 'bytea', nullable: true })
  wrappedDataKey: Buffer | null;

  /** When the sealed identities and the wrapped data key were destroyed; null while they are kept. */
  @Column({ name: 'identities_shredded_at', type: 'timestamptz', nullable: true })
  identitiesShreddedAt: Date | null;

  /** A dry run: services report what they would delete and delete nothing; never counted as an erasure. */
  @Column({ name: 'dry_run', type: 'boolean', default: false })
  dryRun: boolean;

  /** The bulk job whose line created this request, if one did. */
  @Column({ name: 'bulk_job_id', type: 'uuid', nullable: true })
  bulkJobId: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @OneToMany(() => ErasureTaskEntity, (task) => task.request)
  tasks?: Relation<ErasureTaskEntity>[];
}
