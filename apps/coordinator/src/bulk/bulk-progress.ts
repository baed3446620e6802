/**
 * Progress arithmetic of a bulk job, shared by the API, the CLI and (mirrored in web/bulk-format.js) the
 * dashboard. Pure.
 */
export const BULK_JOB_STATUSES = ['receiving', 'queued', 'processing', 'done', 'aborted'] as const;
export type BulkJobStatus = (typeof BULK_JOB_STATUSES)[number];

export interface BulkCounters {
  status: BulkJobStatus;
  linesRead: number;
  accepted: number;
  rejected: number;
  requestsCreated: number;
  duplicates: number;
  completed: number;
}

export interface BulkProgress {
  /** Accepted lines turned into requests or skipped as duplicates, out of all accepted: 0..1. */
  intake: number;
  /** Requests completed out of requests created: 0..1 (0 while none was created). */
  completion: number;
  /** Accepted lines still waiting for their request. */
  pendingLines: number;
  /** Every accepted line has its request (or duplicate) and every request created is completed. */
  finished: boolean;
}

export function bulkProgress(counters: BulkCounters): BulkProgress {
  const handled = counters.requestsCreated + counters.duplicates;
  const pendingLines = Math.max(0, counters.accepted - handled);
  const intake =
    counters.accepted === 0 ? (counters.status === 'done' ? 1 : 0) : ratio(handled, counters.accepted);
  const completion = ratio(counters.completed, counters.requestsCreated);
  return {
    intake,
    completion,
    pendingLines,
    finished:
      counters.status === 'aborted' ||
      (counters.status === 'done' && counters.completed >= counters.requestsCreated),
  };
}

/** The whole job as one fraction: intake counts for the first tenth, completion of the requests for the rest. */
export function overallFraction(counters: BulkCounters): number {
  const { intake, completion } = bulkProgress(counters);
  if (counters.requestsCreated === 0) return counters.status === 'done' ? 1 : intake * 0.1;
  return Math.min(1, intake * 0.1 + completion * 0.9 * intake);
}

/** A terminal progress bar: `[#####-----]  50%`. */
export function progressBar(fraction: number, width = 30): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const filled = Math.round(clamped * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(clamped * 100)).padStart(3)}%`;
}

function ratio(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.min(1, Math.max(0, part / whole));
}
