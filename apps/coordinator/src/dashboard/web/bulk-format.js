// @ts-check
/** Pure formatting of bulk jobs for the Bulk page (tested without a browser in dashboard-format.spec.ts). */

/**
 * @typedef {{id: string, status: string, regulation: string, dryRun: boolean, format: string, createdBy: string,
 *   createdAt: string, receivedAt: string | null, finishedAt: string | null, abortReason: string | null,
 *   lines: {read: number, accepted: number, rejected: number},
 *   requests: {created: number, duplicates: number, pending: number, completed: number},
 *   progress: {intake: number, completion: number, overall: number, finished: boolean}}} BulkJob
 */

const STATUS_LABELS = /** @type {Record<string, string>} */ ({
  receiving: 'Receiving upload',
  queued: 'Queued',
  processing: 'Creating requests',
  done: 'Requests created',
  aborted: 'Aborted',
});

/** @param {number} fraction 0..1 (anything else is clamped) */
export function percentOf(fraction) {
  if (!Number.isFinite(fraction)) return 0;
  return Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
}

/**
 * What the bar of one job says: its width and tone, and a sentence for people and screen readers.
 * @param {BulkJob} job
 */
export function bulkJobSummary(job) {
  const percent = percentOf(job.progress.overall);
  const { created, duplicates, completed, pending } = job.requests;
  const status = STATUS_LABELS[job.status] ?? job.status;
  const tone =
    job.status === 'aborted'
      ? 'progress-stopped'
      : job.progress.finished
        ? 'progress-complete'
        : job.lines.rejected > 0
          ? 'progress-attention'
          : '';
  const detail =
    job.status === 'aborted'
      ? `aborted: ${job.abortReason ?? 'the upload broke off'}; nothing of it was kept`
      : `${created} created, ${completed} completed` +
        (pending > 0 ? `, ${pending} waiting` : '') +
        (duplicates > 0 ? `, ${duplicates} duplicate${duplicates === 1 ? '' : 's'} skipped` : '');
  return {
    percent,
    tone,
    status,
    label: `${percent}% · ${detail}`,
    lines: `${job.lines.read} lines · ${job.lines.accepted} accepted · ${job.lines.rejected} rejected`,
  };
}
