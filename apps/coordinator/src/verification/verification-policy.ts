import type { TaskStatus } from '../tasks/task-lifecycle';

/**
 * What the verification pass checks and when (docs/compliance.md). Pure: the repository's SQL follows these rules
 * and the unit tests pin them down.
 */

/** Only a task that says the data is gone can be checked for it coming back; a retained task keeps it lawfully. */
export const VERIFIABLE_TASK_STATUSES = ['deleted', 'not_found'] as const satisfies readonly TaskStatus[];

/** Only SDK services can answer a verify command; manual, webhook and OpenDSR targets cannot. */
export const VERIFIABLE_REGISTRATION = 'sdk';

export const VERIFICATION_STATUSES = ['pending', 'sent', 'absent', 'present', 'failed'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** The latest completion time that is due for verification at `now`. */
export function verificationCutoff(now: Date, verifyAfterMs: number): Date {
  return new Date(now.getTime() - verifyAfterMs);
}

export function isVerificationDue(
  request: {
    status: string;
    completedAt: Date | null;
    dryRun: boolean;
    verificationScheduledAt: Date | null;
  },
  verifyAfterMs: number,
  now: Date,
): boolean {
  if (request.status !== 'completed' || request.dryRun || request.verificationScheduledAt !== null)
    return false;
  return request.completedAt !== null && request.completedAt.getTime() + verifyAfterMs <= now.getTime();
}

export function isVerifiableTask(status: TaskStatus, registration: string | null): boolean {
  return (
    (VERIFIABLE_TASK_STATUSES as readonly TaskStatus[]).includes(status) &&
    (registration ?? VERIFIABLE_REGISTRATION) === VERIFIABLE_REGISTRATION
  );
}

/** Whether an answer may still be recorded: only once, for a verification that was sent and not yet answered. */
export function acceptsVerdict(status: VerificationStatus): boolean {
  return status === 'sent' || status === 'pending';
}

/**
 * The request's verification status for the API: none yet; pending while any service has not answered; `present`
 * when any service found the subject; `failed` when any could not check; else `absent`.
 */
export function overallVerificationStatus(
  statuses: readonly VerificationStatus[],
): 'not_scheduled' | 'pending' | 'absent' | 'present' | 'failed' {
  if (statuses.length === 0) return 'not_scheduled';
  if (statuses.includes('present')) return 'present';
  if (statuses.some((status) => status === 'pending' || status === 'sent')) return 'pending';
  if (statuses.includes('failed')) return 'failed';
  return 'absent';
}
