/** The kinds of target outside the estate, and what happens when one misses its expected completion time. */

export const TARGET_KINDS = ['webhook', 'opendsr'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/**
 * `skip`: a missed expected time counts like a silent SDK service (a retriable failure: the retry policy
 * re-dispatches, and asks an operator once the attempt budget is spent). `escalate`: stop and escalate at once
 * (a permanent failure: the request needs attention, with the reason).
 */
export const DEADLINE_POLICIES = ['skip', 'escalate'] as const;
export type DeadlinePolicy = (typeof DEADLINE_POLICIES)[number];

/** Recorded as a synthetic result's sdkVersion, so the ledger tells a target's report from an SDK result. */
export const TARGET_SDK_VERSION: Record<TargetKind, string> = { webhook: 'webhook', opendsr: 'opendsr' };

/** Error codes of the failures Lethe records for a target (the target's own codes pass through unchanged). */
export const TargetFailureCode = {
  Unreachable: 'TARGET_UNREACHABLE',
  Rejected: 'TARGET_REJECTED',
  BadAnswer: 'TARGET_BAD_ANSWER',
  BadSignature: 'TARGET_BAD_SIGNATURE',
  Overdue: 'TARGET_OVERDUE',
  Failed: 'TARGET_FAILED',
  Cancelled: 'TARGET_CANCELLED',
} as const;
