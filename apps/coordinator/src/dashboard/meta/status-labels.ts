import type { DisplayState } from '../../registry/registry-rules';
import type { RequestStatus } from '../../requests/request-lifecycle';
import type { TaskStatus } from '../../tasks/task-lifecycle';

/**
 * How a person reads each status. Pure. The key order is the order a client shows them in (open ones first, in
 * the order a request passes them), which is why these are not sorted like the lifecycles' own lists.
 */
export const REQUEST_STATUS_LABELS: Readonly<Record<RequestStatus, string>> = {
  received: 'Received',
  in_progress: 'In progress',
  needs_attention: 'Needs attention',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const TASK_STATUS_LABELS: Readonly<Record<TaskStatus, string>> = {
  pending: 'Pending',
  dispatched: 'Dispatched',
  waiting: 'Waiting on the target',
  deleted: 'Deleted',
  not_found: 'Not found',
  retained: 'Retained',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const SERVICE_STATE_LABELS: Readonly<Record<DisplayState, string>> = {
  active: 'Active',
  stale: 'Stale',
  retired: 'Retired',
};
