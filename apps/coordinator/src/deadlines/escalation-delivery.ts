import type { DeadlineKind } from '../timers/timer-jobs';

/** What is escalated: a request's deadline, or a task waiting past its expected time (task-reminder-rules.ts). */
export type EscalationKind = DeadlineKind | 'task_reminder';

/** Where an escalation's delivery to the webhook stands; derived from the row, never stored. */
export type EscalationDeliveryStatus = 'pending' | 'failing' | 'delivered' | 'stopped';

export const ESCALATION_DELIVERY_STATUSES: readonly EscalationDeliveryStatus[] = [
  'pending',
  'failing',
  'delivered',
  'stopped',
];

export interface EscalationDelivery {
  id: string;
  requestId: string;
  kind: EscalationKind;
  /** A reminder's task and its service; null for a request's escalations. */
  taskId: string | null;
  service: string | null;
  dueAt: Date;
  escalatedAt: Date;
  attempts: number;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  stoppedAt: Date | null;
  stoppedBy: string | null;
  lastError: string | null;
  lastHttpStatus: number | null;
  status: EscalationDeliveryStatus;
}

/** The SQL that derives `status` from a row of `escalation_deliveries` (alias `d`). */
export const DELIVERY_STATUS_SQL = `CASE WHEN d.delivered_at IS NOT NULL THEN 'delivered'
  WHEN d.stopped_at IS NOT NULL THEN 'stopped'
  WHEN d.last_error IS NOT NULL THEN 'failing' ELSE 'pending' END`;
