import { ChainVerdict, ChainVerifier, StreamHead, verifyChain } from './audit-chain';
import { keysetPages } from './keyset';
import type { ChainRow } from './ledger.repository';

/** Reads the ledger for a whole-ledger verification; implemented by LedgerRepository. */
export interface LedgerScan {
  /** Events of streams in `range`, in (stream, seq) order after `after`, each with its stream's head. */
  chainRows(
    range: StreamRange,
    after: { stream: string; seq: number } | undefined,
    limit: number,
  ): Promise<ChainRow[]>;
  /** Up to `parts - 1` distinct stream names, ascending, that cut the ledger's streams into about equal parts. */
  streamBoundaries(parts: number): Promise<string[]>;
  headsWithoutEvents(
    after: string | undefined,
    limit: number,
  ): Promise<{ stream: string; head: StreamHead }[]>;
  /** Streams that must exist (one per erasure request) but have neither events nor head. */
  missingStreams(after: string | undefined, limit: number): Promise<string[]>;
}

/** Streams with `from <= stream < to`; a missing bound is open. Ranges cut between streams, never inside one. */
export interface StreamRange {
  from?: string;
  to?: string;
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
  /** Stream ranges scanned at once (default 1): the database reads several while this process hashes. */
  parallelism?: number;
  /**
   * Verifies the ranges somewhere else (worker threads, see ledger-range-workers.ts), one result per range in the
   * order given; by default each is verified in this thread by `verifyStreamRange` over `scan`.
   */
  verifyRanges?: RangeVerifier;
}

/** Verifies each range's streams on its own: breaks and counts of its streams only, one result per range. */
export type RangeVerifier = (
  ranges: readonly StreamRange[],
  options: { pageSize: number; maxReportedBreaks: number },
) => Promise<LedgerVerification[]>;

/**
 * Cuts the whole key space at `boundaries` into ranges that cover every stream exactly once. The boundaries must
 * be ascending in the database's own collation (as `streamBoundaries` returns them), which JavaScript's string
 * order need not match, so they are taken in the order given.
 */
export function rangesBetween(boundaries: readonly string[]): StreamRange[] {
  const cuts = boundaries.filter((cut, i) => i === 0 || cut !== boundaries[i - 1]);
  if (cuts.length === 0) return [{}];
  return [
    { to: cuts[0] },
    ...cuts.slice(1).map((to, i) => ({ from: cuts[i], to })),
    { from: cuts[cuts.length - 1] },
  ];
}

/**
 * Verifies every stream of the ledger in one pass over the events in (stream, seq) order: O(events) time, memory
 * bounded by a page per range in flight and the reported breaks. The streams are cut into `parallelism` ranges
 * scanned at once (a stream never spans two ranges, so each range is verified on its own). Each event row carries
 * its stream's head from the same snapshot, and the head of a stream is taken from its last row read, so appends
 * racing the scan are never taken for tampering. Two anti-join passes then find what a scan of events cannot see:
 * heads whose events were all deleted, and requests whose whole trail (events and head) was deleted.
 */
export async function verifyLedger(
  scan: LedgerScan,
  options: LedgerVerificationOptions,
): Promise<LedgerVerification> {
  const parallelism = Math.max(1, options.parallelism ?? 1);
  const ranges = parallelism > 1 ? rangesBetween(await scan.streamBoundaries(parallelism)) : [{}];
  // breaks are listed in stream order, whatever range finishes first
  const parts = options.verifyRanges
    ? await options.verifyRanges(ranges, options)
    : await Promise.all(ranges.map((range) => verifyStreamRange(scan, range, options)));
  if (parts.length !== ranges.length) {
    throw new Error(`range verification returned ${parts.length} results for ${ranges.length} ranges`);
  }
  const report: LedgerVerification = { valid: true, streams: 0, events: 0, broken: [], brokenStreams: 0 };
  for (const part of parts) {
    report.valid &&= part.valid;
    report.streams += part.streams;
    report.events += part.events;
    report.brokenStreams += part.brokenStreams;
    for (const found of part.broken) {
      if (report.broken.length < options.maxReportedBreaks) report.broken.push(found);
    }
  }
  const record = recorder(report, options.maxReportedBreaks);

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

/** One range's streams, checked event by event as its pages arrive (in this thread, or in a worker's). */
export async function verifyStreamRange(
  scan: Pick<LedgerScan, 'chainRows'>,
  range: StreamRange,
  options: { pageSize: number; maxReportedBreaks: number },
): Promise<LedgerVerification> {
  const report: LedgerVerification = { valid: true, streams: 0, events: 0, broken: [], brokenStreams: 0 };
  const record = recorder(report, options.maxReportedBreaks);
  // the stream being verified, and its last row read so far: its head columns are the stream's head
  let verifier = new ChainVerifier();
  let last: ChainRow | undefined;
  const rows = keysetPages<ChainRow, { stream: string; seq: number }>(
    (after, limit) => scan.chainRows(range, after, limit),
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
  return report;
}

function recorder(
  report: LedgerVerification,
  maxReportedBreaks: number,
): (stream: string, verdict: ChainVerdict) => void {
  return (stream, verdict) => {
    report.streams += 1;
    if (verdict.valid) return;
    report.valid = false;
    report.brokenStreams += 1;
    if (report.broken.length < maxReportedBreaks) {
      report.broken.push({ stream, seq: verdict.brokenAtSeq ?? 0, reason: verdict.reason ?? 'invalid' });
    }
  };
}

function headOf(row: ChainRow): StreamHead | null {
  return row.headSeq === null || row.headHash === null ? null : { seq: row.headSeq, hash: row.headHash };
}
