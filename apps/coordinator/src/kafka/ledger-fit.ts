import {
  ErasureResult,
  ProtocolError,
  ProtocolErrorCode,
  ServiceAnnouncement,
} from '@lethe/deletion-sdk/protocol';
import { inspectInput } from '../common/input-inspection';

/**
 * What the protocol schema allows but the ledger cannot store: ids the coordinator never issues (not UUIDs),
 * counts beyond a PostgreSQL integer, NUL characters (refused by text and jsonb alike), unpaired UTF-16
 * surrogates (refused by jsonb). A signed message that
 * breaks these would fail in PostgreSQL on every redelivery, so it is refused here and dead-lettered instead.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_RECORDS_AFFECTED = 2_147_483_647;

export function resultLedgerProblems(result: ErasureResult): string[] {
  const problems: string[] = [];
  if (!UUID.test(result.requestId)) problems.push('requestId: must be a request id this coordinator issued');
  if (!UUID.test(result.taskId)) problems.push('taskId: must be a task id this coordinator issued');
  if (result.recordsAffected > MAX_RECORDS_AFFECTED) {
    problems.push(`recordsAffected: must be at most ${MAX_RECORDS_AFFECTED}`);
  }
  const nul = inspectInput(result);
  if (nul) problems.push(`${nul.path}: must not contain a NUL character`);
  const surrogate = loneSurrogateAt(result, '');
  if (surrogate !== undefined)
    problems.push(`${surrogate || 'value'}: must not contain an unpaired surrogate`);
  return problems;
}

// JSON text may escape half of a UTF-16 pair ("\ud800"); JSON.parse keeps it, jsonb refuses it (22P02)
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Where a string with an unpaired surrogate is (a path of plain field names), if any. */
function loneSurrogateAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const child = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(key) ? (path ? `${path}.${key}` : key) : path;
    if (LONE_SURROGATE.test(key)) return child;
    const found = loneSurrogateAt(item, child);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function announcementLedgerProblems(announcement: ServiceAnnouncement): string[] {
  const nul = inspectInput(announcement);
  return nul ? [`${nul.path}: must not contain a NUL character`] : [];
}

/** Throws the protocol's own schema error, so the consumer dead-letters the message with the reason. */
export function assertFitsLedger(kind: string, problems: string[]): void {
  if (problems.length === 0) return;
  throw new ProtocolError(
    ProtocolErrorCode.SchemaViolation,
    `invalid ${kind}: ${problems.join('; ')}`,
    problems,
  );
}
