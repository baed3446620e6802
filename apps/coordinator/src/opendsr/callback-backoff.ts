/**
 * Delay before the next delivery of a callback that failed `attempt` times: doubling from the base, capped, with
 * up to 20% taken off at random so callbacks that failed together do not all return together.
 */
export function callbackRetryDelayMs(
  attempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(exponential * (1 - 0.2 * random())));
}
