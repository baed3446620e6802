/**
 * Pure: how long an outbox row waits after its n-th failed publish (1-based). Doubling from half a second up to a
 * minute: a deleted topic is re-created by the next attempt, while a row whose identities no longer open keeps
 * trying only once a minute and never holds up the rows behind it.
 */
export const OUTBOX_BACKOFF_BASE_MS = 500;
export const OUTBOX_BACKOFF_MAX_MS = 60_000;

export function outboxBackoffMs(failedPublishes: number): number {
  const exponent = Math.min(Math.max(failedPublishes, 1) - 1, 20);
  return Math.min(OUTBOX_BACKOFF_MAX_MS, OUTBOX_BACKOFF_BASE_MS * 2 ** exponent);
}

/** The error as stored on the row: its name and message, cut to the column's length. */
export function outboxErrorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}
