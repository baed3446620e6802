/**
 * Pure: whether a failure to apply consumed messages can pass. PostgreSQL's data exceptions (class 22) and
 * "program limit exceeded" (class 54) mean the database will refuse the same values on every redelivery, so they
 * are permanent and the message goes to its dead-letter topic. Everything else — a connection refused or cut,
 * a timeout, a deadlock, a serialisation failure, a restart — is retried in place.
 */
export interface ApplyFailure {
  permanent: boolean;
  /** Names the kind of problem, never a value (PostgreSQL's own messages may quote the value). */
  reason: string;
}

const PERMANENT_CLASSES = ['22', '54'];
const PERMANENT_CODES = ['23502', '23514'];

export function classifyApplyFailure(error: unknown): ApplyFailure {
  const code = (error as { code?: unknown } | null)?.code;
  const sqlState = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  if (sqlState && (PERMANENT_CLASSES.includes(sqlState.slice(0, 2)) || PERMANENT_CODES.includes(sqlState))) {
    return { permanent: true, reason: `PostgreSQL refused the values (SQLSTATE ${sqlState})` };
  }
  const name = error instanceof Error ? error.name : typeof error;
  return { permanent: false, reason: typeof code === 'string' ? `${name} (${code})` : name };
}

/** How long a partition stays paused after its n-th transient failure in a row (1-based): doubling, capped. */
export function pauseAfterFailure(consecutiveFailures: number, baseMs = 500, maxMs = 30_000): number {
  const exponent = Math.min(Math.max(consecutiveFailures, 1) - 1, 16);
  return Math.min(maxMs, baseMs * 2 ** exponent);
}
