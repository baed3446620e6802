import { ChainVerifier, StreamHead, verifyChain } from './audit-chain';
import { keysetPages } from './keyset';
import type { ChainRow } from './ledger.repository';

/** Reads the ledger for a whole-ledger verification; implemented by LedgerRepository. */
export interface LedgerScan {
  chainRows(after: { stream: string; seq: number } | undefined, limit: number): Promise<ChainRow[]>;
  headsWithoutEvents(
    after: string | undefined,
    limit: number,
  ): Promise<{ stream: string; head: StreamHead }[]>;
  /** Streams that must exist (one per erasure request) but have neither events nor head. */
  missingStreams(after: string | undefined, limit: number): Promise<string[]>;
}

export interface StreamBreak {
  stream: string;
  seq: number;
  reason: string;
}

export interface LedgerVerification {
  valid: boolean;
  streams: number;
  events: number;
  /** The first break of each broken stream, in the order found, at most `maxReportedBreaks` of them. */
  broken: StreamBreak[];
  /** How many streams are broken in total, also beyond those listed. */
  brokenStreams: number;
}

export interface LedgerVerificationOptions {
  pageSize: number;
  maxReportedBreaks: number;
}

/**
 * Verifies every stream of the ledger in one pass over the events in (stream, seq) order: O(events) time, memory
 * bounded by one page and the reported breaks. Each event row carries its stream's head from the same snapshot,
 * and the head of a stream is taken from its last row read, so appends racing the scan are never taken for
 * tampering. Two anti-join passes then find what a scan of events cannot see: heads whose events were all
 * deleted, and requests whose whole trail (events and head) was deleted.
 */
export async function verifyLedger(
  scan: LedgerScan,
  options: LedgerVerificationOptions,
): Promise<LedgerVerification> {
  const report: LedgerVerification = { valid: true, streams: 0, events: 0, broken: [], brokenStreams: 0 };
  const record = (stream: string, verdict: ReturnType<typeof verifyChain>): void => {
    report.streams += 1;
    if (verdict.valid) return;
    report.valid = false;
    report.brokenStreams += 1;
    if (report.broken.length < options.maxReportedBreaks) {
      report.broken.push({ stream, seq: verdict.brokenAtSeq ?? 0, reason: verdict.reason ?? 'invalid' });
    }
  };

  // the stream being verified, and its last row read so far: its head columns are the stream's head
  let verifier = new ChainVerifier();
  let last: ChainRow | undefined;
  const rows = keysetPages<ChainRow, { stream: string; seq: number }>(
    (after, limit) => scan.chainRows(after, limit),
    (row) => ({ stream: row.stream, seq: row.seq }),
    options.pageSize,
  );
  for await (const page of rows) {
    for (const row of page) {
      if (last && last.stream !== row.stream) {
        record(last.stream, verifier.finish(headOf(last)));
        verifier = new ChainVerifier();
      }
      verifier.addStored(row);
      last = row;
    }
    report.events += page.length;
  }
  if (last) record(last.stream, verifier.finish(headOf(last)));

  const orphans = keysetPages<{ stream: string; head: StreamHead }, string>(
    (after, limit) => scan.headsWithoutEvents(after, limit),
    (orphan) => orphan.stream,
    options.pageSize,
  );
  for await (const page of orphans) {
    for (const { stream, head } of page) record(stream, verifyChain([], head));
  }
  const missing = keysetPages<string, string>(
    (after, limit) => scan.missingStreams(after, limit),
    (stream) => stream,
    options.pageSize,
  );
  for await (const page of missing) {
    for (const stream of page) record(stream, verifyChain([], null));
  }
  return report;
}

function headOf(row: ChainRow): StreamHead | null {
  return row.headSeq === null || row.headHash === null ? null : { seq: row.headSeq, hash: row.headHash };
}
