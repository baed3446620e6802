/** Task = one request × one service. Pure state machine (DESIGN §2). */

export const TASK_STATUSES = [
  'pending',
  'dispatched',
  'waiting',
  'deleted',
  'not_found',
  'retained',
  'failed',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Terminal and successful: the service has erased, found nothing, or lawfully retained. */
export const TASK_DONE_STATUSES: readonly TaskStatus[] = ['deleted', 'not_found', 'retained'];

const TRANSITIONS: Record<TaskStatus, readonly TaskStatus[]> = {
  pending: ['dispatched', 'cancelled'],
  // a result may arrive from any dispatch; a silent service is re-dispatched (dispatched → dispatched)
  // a target outside the estate may accept a command and report later (webhook, OpenDSR): it is then waiting
  dispatched: ['dispatched', 'waiting', 'deleted', 'not_found', 'retained', 'failed', 'cancelled'],
  // a status poll or callback may move the expected time (waiting → waiting); an overdue wait fails
  waiting: ['waiting', 'deleted', 'not_found', 'retained', 'failed', 'cancelled'],
  // a retriable failure is re-dispatched, and a late success from an earlier attempt still counts
  failed: ['dispatched', 'deleted', 'not_found', 'retained', 'cancelled'],
  deleted: [],
  not_found: [],
  retained: [],
  cancelled: [],
};

export function canTransitionTask(from: TaskStatus, to: TaskStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isTaskDone(status: TaskStatus): boolean {
  return TASK_DONE_STATUSES.includes(status);
}

export function isTaskTerminal(status: TaskStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

/** The statuses a task may be in for a move to `to`: what a guarded UPDATE accepts (`WHERE status = ANY(…)`). */
export function taskStatusesLeadingTo(to: TaskStatus): TaskStatus[] {
  return TASK_STATUSES.filter((from) => canTransitionTask(from, to));
}

/**
 * The one move the coordinator decides without any service: a task never dispatched is retained under a legal
 * hold (GDPR Art. 17(3)(b)/(e)). Kept apart from the transitions above, which results and timers follow, so no
 * service's result can ever land on a task that was never dispatched.
 */
export const HOLD_RETAINABLE_STATUSES: readonly TaskStatus[] = ['pending'];

export function canRetainUnderHold(from: TaskStatus): boolean {
  return HOLD_RETAINABLE_STATUSES.includes(from);
}
