/**
 * How hard Lethe tries before asking a person: pure rules, one typed and validated defaults object. Durations are
 * configurable (see CoordinatorConfig) so tests run in seconds.
 */
export interface RetryPolicy {
  /** A dispatched task with no result after this long counts as a retriable failure. */
  ackTimeoutMs: number;
  /** Backoff before the second attempt; doubles per attempt up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Dispatches per task before the request needs an operator (an operator retry grants a fresh budget). */
  maxAttempts: number;
  /** Share of each delay that is randomised (0 = none, 1 = full jitter), so retries of many tasks spread out. */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  ackTimeoutMs: 15 * 60_000,
  baseDelayMs: 30_000,
  maxDelayMs: 6 * 60 * 60_000,
  maxAttempts: 8,
  jitter: 0.5,
});

export function validateRetryPolicy(policy: RetryPolicy): string[] {
  const problems: string[] = [];
  if (!(policy.ackTimeoutMs >= 1)) problems.push('ackTimeoutMs must be at least 1 ms');
  if (!(policy.baseDelayMs >= 1)) problems.push('baseDelayMs must be at least 1 ms');
  if (!(policy.maxDelayMs >= policy.baseDelayMs)) problems.push('maxDelayMs must be at least baseDelayMs');
  if (!(Number.isInteger(policy.maxAttempts) && policy.maxAttempts >= 1)) {
    problems.push('maxAttempts must be a positive integer');
  }
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) problems.push('jitter must be between 0 and 1');
  return problems;
}

/**
 * Delay before dispatch number `nextAttempt` (2, 3, …): exponential, capped, with the jittered share drawn from
 * `random()` in [0, 1).
 */
export function backoffDelayMs(
  nextAttempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, nextAttempt - 2);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const fixed = ceiling * (1 - policy.jitter);
  return Math.round(fixed + (ceiling - fixed) * random());
}

export type FailureDecision =
  | { kind: 'retry'; nextAttempt: number; delayMs: number }
  | { kind: 'give_up'; reason: 'permanent' | 'budget_exhausted' };

/**
 * What to do after a task's dispatch number `attempt` failed. `budgetBase` is the attempt count when an operator
 * last granted a fresh budget (0 at first).
 */
export function decideAfterFailure(
  attempt: number,
  budgetBase: number,
  retriable: boolean,
  policy: RetryPolicy,
  random: () => number = Math.random,
): FailureDecision {
  if (!retriable) return { kind: 'give_up', reason: 'permanent' };
  if (attempt - budgetBase >= policy.maxAttempts) return { kind: 'give_up', reason: 'budget_exhausted' };
  const nextAttempt = attempt + 1;
  return { kind: 'retry', nextAttempt, delayMs: backoffDelayMs(nextAttempt, policy, random) };
}
