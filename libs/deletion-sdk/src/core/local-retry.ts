import { stripUndefined } from './strip-undefined';

/** How a service retries a failing handler itself before reporting the failure to the coordinator. */
export interface LocalRetryOptions {
  /**
   * Total tries per handler, including the first. 1 disables local retry.
   * @defaultValue 3
   */
  attempts?: number;
  /**
   * Delay before the first retry; each further retry waits twice as long.
   * @defaultValue 200
   */
  baseDelayMs?: number;
  /**
   * Upper bound of a single delay.
   * @defaultValue 5000
   */
  maxDelayMs?: number;
}

export type ResolvedLocalRetry = Required<LocalRetryOptions>;

export const DEFAULT_LOCAL_RETRY: ResolvedLocalRetry = { attempts: 3, baseDelayMs: 200, maxDelayMs: 5_000 };

/** Waits `ms` milliseconds; injectable so tests need not. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function resolveLocalRetry(options: LocalRetryOptions = {}): ResolvedLocalRetry {
  const resolved = { ...DEFAULT_LOCAL_RETRY, ...stripUndefined(options) };
  if (!Number.isInteger(resolved.attempts) || resolved.attempts < 1 || resolved.attempts > 20) {
    throw new RangeError(`localRetry.attempts must be an integer from 1 to 20, got ${resolved.attempts}`);
  }
  for (const key of ['baseDelayMs', 'maxDelayMs'] as const) {
    if (!Number.isFinite(resolved[key]) || resolved[key] < 0) {
      throw new RangeError(`localRetry.${key} must be a non-negative number, got ${resolved[key]}`);
    }
  }
  return resolved;
}

/**
 * Delay before retry number `retry` (1 = the first retry): baseDelayMs · 2^(retry−1), capped at maxDelayMs.
 * No jitter: a command is retried by the one instance holding it, and different commands already arrive spread out.
 */
export function backoffDelayMs(retry: number, policy: ResolvedLocalRetry): number {
  if (!Number.isInteger(retry) || retry < 1)
    throw new RangeError(`retry must be a positive integer, got ${retry}`);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
}
