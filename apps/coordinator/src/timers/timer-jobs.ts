/** The delayed jobs Lethe keeps on BullMQ. Ids are deterministic, so scheduling twice (e.g. by the sweep) is harmless. */

/** The request deadline escalations; receipt confirmation is CCPA's 10-business-day one. */
export type DeadlineKind = 'at_risk' | 'overdue' | 'receipt_confirmation_overdue';

export type TimerJob =
  | { name: 'task.ack-timeout'; data: { taskId: string; attempt: number } }
  | { name: 'task.retry'; data: { taskId: string; attempt: number } }
  | { name: 'request.deadline'; data: { requestId: string; kind: DeadlineKind; dueAt: string } };

export function timerJobId(job: TimerJob): string {
  switch (job.name) {
    case 'task.ack-timeout':
      return `ack.${job.data.taskId}.${job.data.attempt}`;
    case 'task.retry':
      return `retry.${job.data.taskId}.${job.data.attempt}`;
    case 'request.deadline':
      return `deadline.${job.data.requestId}.${job.data.kind}.${Date.parse(job.data.dueAt)}`;
  }
}

export const TIMER_QUEUE = 'lethe-timers';
