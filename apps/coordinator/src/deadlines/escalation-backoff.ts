/**
 * Delay before the next delivery of an escalation that failed `attempts` times: doubling from the base, capped,
 * with up to 20% taken off at random so that escalations failing together (a webhook outage) do not all come back
 * in the same second. There is no attempt budget: an escalation is retried until it is delivered or an operator
 * stops it, since a lost one means nobody hears that a legal deadline is at risk.
 */
export function escalationRetryDelayMs(
  attempts: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const doublings = Math.min(Math.max(0, attempts - 1), 40);
  const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** doublings);
  return Math.max(1, Math.round(exponential * (1 - 0.2 * random())));
}
