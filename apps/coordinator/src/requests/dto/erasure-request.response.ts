import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REQUEST_STATUSES, RequestStatus } from '../request-lifecycle';
import { TASK_STATUSES, TaskStatus } from '../../tasks/task-lifecycle';
import { Regulation, REGULATIONS } from '../../deadlines/deadline-policy';
import { RequestVerificationResponse } from '../../verification/dto/request-verification.response';

export class TaskErrorResponse {
  @ApiProperty() code: string;
  @ApiProperty() message: string;
  @ApiProperty() retriable: boolean;
}

export class RetentionResponse {
  @ApiProperty() basis: string;
  @ApiPropertyOptional() note?: string;
}

export class ErasureTaskResponse {
  @ApiProperty() service: string;
  @ApiProperty({ enum: TASK_STATUSES }) status: TaskStatus;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: Number, nullable: true }) recordsAffected: number | null;
  @ApiProperty({ type: RetentionResponse, nullable: true }) retention: RetentionResponse | null;
  @ApiProperty({ type: TaskErrorResponse, nullable: true }) lastError: TaskErrorResponse | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'when a scheduled retry is due',
  })
  nextAttemptAt: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'while waiting: when the webhook or OpenDSR target said it would be done',
  })
  expectedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt: string | null;
}

export class ProgressResponse {
  @ApiProperty() total: number;
  @ApiProperty() done: number;
}

export class ExtensionResponse {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) initialDueAt: string;
}

/** One line of the request list: no per-task detail. */
export class ErasureRequestSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) externalId: string | null;
  @ApiProperty({ enum: REGULATIONS }) regulation: Regulation;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: RequestStatus;
  @ApiProperty({ description: 'past dueAt and not finished' }) overdue: boolean;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({
    format: 'date-time',
    description:
      'end of the due day in the legal time zone (LETHE_DEADLINE_TIME_ZONE): GDPR one month, CCPA 45 days after receipt',
  })
  dueAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt: string | null;
  @ApiProperty({ type: ProgressResponse }) progress: ProgressResponse;
  @ApiProperty({ description: 'the at-risk escalation has fired for the current due date' }) atRisk: boolean;
}

export class ErasureRequestResponse extends ErasureRequestSummary {
  @ApiProperty({
    description:
      'a dry run: every service reported what it would delete (tasks[].recordsAffected) and deleted nothing; ' +
      'a completed dry run is not counted as an erasure in statistics',
  })
  dryRun: boolean;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the bulk job (POST /v1/erasure-requests/bulk) that created this request',
  })
  bulkJobId: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'CCPA: confirm receipt to the consumer by then (end of the 10th business day after receipt, in the legal time zone)',
  })
  receiptConfirmationDueAt: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'when an operator recorded the receipt confirmation (POST …/confirm-receipt)',
  })
  receiptConfirmedAt: string | null;
  @ApiProperty({ description: 'CCPA: receipt confirmation still owed past its due date, on an open request' })
  receiptConfirmationOverdue: boolean;
  @ApiProperty({ type: ExtensionResponse, nullable: true }) extension: ExtensionResponse | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'when the encrypted raw identities and their data key were destroyed (crypto-shredded); null while kept. ' +
      'The keyed hashes, the tasks and the audit trail stay.',
  })
  identitiesShreddedAt: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'when the identities are (or were) due for shredding: completion or cancellation plus LETHE_SHRED_AFTER_MS; ' +
      'null while the request is open',
  })
  identitiesShredDueAt: string | null;
  @ApiProperty({ type: [ErasureTaskResponse] }) tasks: ErasureTaskResponse[];
  @ApiProperty({ type: RequestVerificationResponse, description: 'the verification pass and its findings' })
  verification: RequestVerificationResponse;
}
