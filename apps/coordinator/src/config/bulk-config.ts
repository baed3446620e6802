import { EnvReader } from '@lethe/config';

/** Bulk erasure (POST /v1/erasure-requests/bulk): how uploads are bounded and how fast requests are created. */
export interface BulkConfig {
  /** Requests created per transaction by the bulk worker (and lines spooled per statement while uploading). */
  batchSize: number;
  /** How often the worker looks in PostgreSQL for bulk jobs with lines still to turn into requests. */
  pollIntervalMs: number;
  /** Most lines one upload may hold; a longer upload is refused with 413 and nothing of it is kept. */
  maxLines: number;
  /** Longest line (NDJSON) or record (CSV), in characters; a longer one is rejected with a reason. */
  maxLineChars: number;
  /** An upload still receiving after this long without progress died with its process and is aborted. */
  uploadStaleMs: number;
}

export function readBulkConfig(read: EnvReader): BulkConfig {
  return {
    batchSize: read.int('LETHE_BULK_BATCH_SIZE', 500, { min: 1, max: 5000 }),
    pollIntervalMs: read.int('LETHE_BULK_POLL_INTERVAL_MS', 1000, { min: 10, max: 600_000 }),
    maxLines: read.int('LETHE_BULK_MAX_LINES', 5_000_000, { min: 1, max: 100_000_000 }),
    maxLineChars: read.int('LETHE_BULK_MAX_LINE_CHARS', 16_384, { min: 256, max: 1_048_576 }),
    uploadStaleMs: read.int('LETHE_BULK_UPLOAD_STALE_MS', 600_000, { min: 1000 }),
  };
}
