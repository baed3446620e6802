/**
 * Pure rules of task reminders: a task that waits past the time it was expected to be done is reminded once per
 * expected time. A manual task is expected `manualTaskExpectedMs` after it was dispatched (a person has that long
 * to confirm it); a waiting webhook or OpenDSR task when its target said it would be done.
 */

export interface ReminderCandidate {
  status: string;
  /** registered_services.registration: 'manual', 'webhook', 'opendsr', 'sdk' (or null, an SDK service). */
  registration: string | null;
  dispatchedAt: Date | null;
  expectedAt: Date | null;
  /** The expected time the task was last reminded for. */
  remindedFor: Date | null;
}

/** When the task is expected to be done, if it waits on something outside the coordinator's own retries. */
export function reminderExpectedAt(task: ReminderCandidate, manualTaskExpectedMs: number): Date | null {
  if (task.status === 'waiting') return task.expectedAt;
  if (task.status === 'dispatched' && task.registration === 'manual' && task.dispatchedAt) {
    return new Date(task.dispatchedAt.getTime() + manualTaskExpectedMs);
  }
  return null;
}

/** The expected time to remind for now, or undefined when no reminder is owed. */
export function reminderDue(
  task: ReminderCandidate,
  now: Date,
  manualTaskExpectedMs: number,
): Date | undefined {
  const expected = reminderExpectedAt(task, manualTaskExpectedMs);
  if (!expected || expected.getTime() > now.getTime()) return undefined;
  if (task.remindedFor && task.remindedFor.getTime() === expected.getTime()) return undefined;
  return expected;
}
