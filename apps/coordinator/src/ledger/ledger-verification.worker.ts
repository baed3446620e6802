import { parentPort, workerData } from 'node:worker_threads';
import { connectionSettings, type DatabaseTimeouts } from '../config/database-timeouts';
import { guardedPgClient } from '../common/guarded-pg-client';
import { readChainRows } from './chain-rows.query';
import { LedgerVerification, StreamRange, verifyStreamRange } from './ledger-verification';

/**
 * The body of one verification worker thread (see ledger-range-workers.ts): it opens its own connection with the
 * coordinator's database settings, reads and hashes one stream range, and reports the range's verdict. A failure
 * is reported as a message, so the main thread can tell it from a crash.
 */

export interface RangeWorkerInput {
  databaseUrl: string;
  timeouts: DatabaseTimeouts;
  range: StreamRange;
  pageSize: number;
  maxReportedBreaks: number;
}

export type RangeWorkerReport = { ok: true; part: LedgerVerification } | { ok: false; error: string };

async function verifyRangeHere(input: RangeWorkerInput): Promise<LedgerVerification> {
  // the guard's warning becomes the failure's reason: the query it cut fails with a bare connection error
  let hung: string | undefined;
  const Client = guardedPgClient(input.timeouts.queryTimeoutMs, (message) => (hung = message));
  const client = new Client({
    ...connectionSettings(input.timeouts),
    connectionString: input.databaseUrl,
    application_name: 'lethe-coordinator',
  });
  // a connection that drops between queries emits 'error'; the query in flight (or the next one) fails with it
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await verifyStreamRange(
      { chainRows: (range, after, limit) => readChainRows(client, range, after, limit) },
      input.range,
      input,
    );
  } catch (error) {
    throw hung ? new Error(hung, { cause: error }) : error;
  } finally {
    // not awaited: the verdict goes out at once, and the parent stops this thread once it has it; a half-open
    // connection's close could otherwise hold the verdict back until TCP gives up
    void client.end().catch(() => undefined);
  }
}

if (parentPort) {
  const port = parentPort;
  verifyRangeHere(workerData as RangeWorkerInput).then(
    (part) => port.postMessage({ ok: true, part } satisfies RangeWorkerReport),
    (error: unknown) =>
      port.postMessage({
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      } satisfies RangeWorkerReport),
  );
}
