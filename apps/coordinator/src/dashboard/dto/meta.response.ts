import { ApiProperty } from '@nestjs/swagger';
import { REGULATIONS, Regulation } from '../../deadlines/deadline-policy';
import { ExtensionRule } from '../../deadlines/extension-rules';
import type { DisplayState } from '../../registry/registry-rules';
import { REQUEST_STATUSES, RequestStatus } from '../../requests/request-lifecycle';
import { TASK_STATUSES, TaskStatus } from '../../tasks/task-lifecycle';
import type { DashboardMeta } from '../meta/dashboard-meta';

const SERVICE_STATES: DisplayState[] = ['active', 'stale', 'retired'];

export class RequestStatusMeta {
  @ApiProperty({ enum: REQUEST_STATUSES }) status: RequestStatus;
  @ApiProperty({ example: 'Needs attention' }) label: string;
  @ApiProperty({ description: 'the request can still change (not completed or cancelled)' }) open: boolean;
}

export class TaskStatusMeta {
  @ApiProperty({ enum: TASK_STATUSES }) status: TaskStatus;
  @ApiProperty({ example: 'Not found' }) label: string;
  @ApiProperty({ description: 'terminal and successful: deleted, not found, or lawfully retained' })
  done: boolean;
  @ApiProperty({ description: 'the task can no longer change' }) terminal: boolean;
}

export class ServiceStateMeta {
  @ApiProperty({ enum: SERVICE_STATES }) state: DisplayState;
  @ApiProperty({ example: 'Stale' }) label: string;
}

export class ExtensionRuleMeta implements ExtensionRule {
  @ApiProperty({ enum: REGULATIONS }) regulation: Regulation;
  @ApiProperty({ example: 1, description: 'how often a deadline may be extended' }) times: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 45,
    description: 'longest extension, in days (CCPA)',
  })
  maxFurtherDays: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 2,
    description: 'longest extension, in months (GDPR)',
  })
  maxFurtherMonths: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 90,
    description: 'latest due date, days from receipt',
  })
  maxDaysFromReceipt: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 3,
    description: 'latest due date, months from receipt',
  })
  maxMonthsFromReceipt: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'the subject is told within this many days' })
  noticeWithinDays: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'the subject is told within this many months' })
  noticeWithinMonths: number | null;
  @ApiProperty({ example: 'CCPA allows one extension of up to 45 days.' }) summary: string;
}

export class RegulationMeta {
  @ApiProperty({ enum: REGULATIONS }) regulation: Regulation;
  @ApiProperty({ example: 'GDPR' }) label: string;
  @ApiProperty({ example: 'GDPR Art. 17' }) law: string;
  @ApiProperty({ type: ExtensionRuleMeta }) extension: ExtensionRuleMeta;
}

export class ExtensionDaysMeta {
  @ApiProperty({ example: 1 }) min: number;
  @ApiProperty({
    example: 92,
    description: 'what POST /v1/erasure-requests/:id/extend accepts as `days`; the law may allow less',
  })
  max: number;
}

export class MetaResponse implements DashboardMeta {
  @ApiProperty({ type: [RequestStatusMeta], description: 'in the order a client shows them' })
  requestStatuses: RequestStatusMeta[];
  @ApiProperty({ type: [TaskStatusMeta] }) taskStatuses: TaskStatusMeta[];
  @ApiProperty({ type: [ServiceStateMeta], description: 'as GET /v1/services reports `state`' })
  serviceStates: ServiceStateMeta[];
  @ApiProperty({ type: [RegulationMeta] }) regulations: RegulationMeta[];
  @ApiProperty({ type: ExtensionDaysMeta }) extensionDays: ExtensionDaysMeta;
}
