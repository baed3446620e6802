import { RequestStatus } from '../requests/request-lifecycle';
import { TaskStatus } from '../tasks/task-lifecycle';
import { OPENDSR_STATUSES, OpenDsrStatus } from './opendsr-protocol';

/** Tasks whose service has not answered yet: a command queued or on its way. */
const UNTOUCHED: readonly TaskStatus[] = ['pending', 'dispatched'];

/**
 * Lethe's request status as OpenDSR sees it. `pending` lasts until the first service has acted (Lethe moves a
 * request to in_progress the moment its commands are published, before anything was erased); a request that
 * needs an operator is still being worked on, so it stays `in_progress`.
 */
export function toOpenDsrStatus(status: RequestStatus, taskStatuses: readonly TaskStatus[]): OpenDsrStatus {
  return openDsrStatusOf(status, hasAnyServiceActed(taskStatuses));
}

export function hasAnyServiceActed(taskStatuses: readonly TaskStatus[]): boolean {
  return taskStatuses.some((task) => !UNTOUCHED.includes(task));
}

/** The same, given whether any task has moved past pending/dispatched (as the announcer reads it in SQL). */
export function openDsrStatusOf(status: RequestStatus, anyServiceActed: boolean): OpenDsrStatus {
  switch (status) {
    case 'completed':
      return 'completed';
    case 'cancelled':
      return 'cancelled';
    case 'needs_attention':
      return 'in_progress';
    case 'received':
    case 'in_progress':
      return anyServiceActed ? 'in_progress' : 'pending';
  }
}

const ORDER: Record<OpenDsrStatus, number> = { pending: 0, in_progress: 1, completed: 2, cancelled: 2 };

/**
 * The statuses to announce when a request is seen at `current` after `announced`, in order. A request that was
 * acted on and finished between two looks did pass through in_progress, so that step is announced too: a
 * controller then sees the whole sequence however fast the services are. Nothing goes backwards.
 */
export function statusesToAnnounce(announced: OpenDsrStatus | null, current: OpenDsrStatus): OpenDsrStatus[] {
  if (announced === current) return [];
  if (announced !== null && ORDER[current] <= ORDER[announced]) return [];
  const steps: OpenDsrStatus[] = [];
  if (announced === null) steps.push('pending');
  if (current === 'completed' && ORDER[announced ?? 'pending'] < ORDER.in_progress) steps.push('in_progress');
  if (!steps.includes(current)) steps.push(current);
  return steps;
}

export function isOpenDsrStatus(value: unknown): value is OpenDsrStatus {
  return typeof value === 'string' && (OPENDSR_STATUSES as readonly string[]).includes(value);
}

export function isFinalOpenDsrStatus(status: OpenDsrStatus): boolean {
  return status === 'completed' || status === 'cancelled';
}
