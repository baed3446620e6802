import { isTaskDone, TaskStatus } from '../tasks/task-lifecycle';

/** Request lifecycle (DESIGN §2). `overdue` is a flag computed from dueAt, never a status. */

export const REQUEST_STATUSES = [
  'received',
  'in_progress',
  'completed',
  'needs_attention',
  'cancelled',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

const TRANSITIONS: Record<RequestStatus, readonly RequestStatus[]> = {
  received: ['in_progress', 'completed', 'needs_attention', 'cancelled'],
  in_progress: ['completed', 'needs_attention', 'cancelled'],
  needs_attention: ['in_progress', 'completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

/** Statuses a request can still leave. */
export const OPEN_REQUEST_STATUSES: readonly RequestStatus[] = REQUEST_STATUSES.filter(
  (status) => TRANSITIONS[status].length > 0,
);

/**
 * `('received', 'in_progress', 'needs_attention')`: written into SQL as a literal, not bound as a parameter, so the
 * planner can match the partial indexes on open requests, whose migrations spell out the same list.
 */
export const OPEN_REQUEST_STATUSES_SQL = `(${OPEN_REQUEST_STATUSES.map((status) => `'${status}'`).join(', ')})`;

export function canTransitionRequest(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The statuses a request may be in for a move to `to`: what a guarded UPDATE accepts (`WHERE status = ANY(…)`). */
export function requestStatusesLeadingTo(to: RequestStatus): RequestStatus[] {
  return REQUEST_STATUSES.filter((from) => canTransitionRequest(from, to));
}

export function isRequestTerminal(status: RequestStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

export function isOverdue(status: RequestStatus, dueAt: Date, now: Date): boolean {
  return !isRequestTerminal(status) && now.getTime() > dueAt.getTime();
}

/** A request is complete once every one of its tasks is done; a request without tasks never completes by itself. */
export function allTasksDone(taskStatuses: readonly TaskStatus[]): boolean {
  return taskStatuses.length > 0 && taskStatuses.every(isTaskDone);
}

export interface TaskProgress {
  status: TaskStatus;
  /** Set while a retry is scheduled. */
  nextAttemptAt: Date | null;
}

/**
 * Where a running request stands given its tasks: completed when all are done, needs_attention when a task failed
 * with no retry coming (permanent error or budget spent), otherwise in_progress.
 */
export function settledRequestStatus(
  tasks: readonly TaskProgress[],
): 'completed' | 'needs_attention' | 'in_progress' {
  if (allTasksDone(tasks.map((task) => task.status))) return 'completed';
  if (tasks.some((task) => task.status === 'failed' && task.nextAttemptAt === null)) return 'needs_attention';
  return 'in_progress';
}
