import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Regulation } from '../deadlines/deadline-policy';
import { IdentityHash } from '../tasks/erasure-request.entity';
import { BulkJobStatus } from './bulk-progress';
import { BulkFormat } from './bulk-record-reader';

export interface BulkJobRow {
  id: string;
  regulation: Regulation;
  dryRun: boolean;
  format: BulkFormat;
  status: BulkJobStatus;
  linesRead: number;
  accepted: number;
  rejected: number;
  requestsCreated: number;
  duplicates: number;
  abortReason: string | null;
  createdBy: string;
  createdAt: Date;
  receivedAt: Date | null;
  finishedAt: Date | null;
}

/** A spooled line: accepted (identities sealed, as on a request) or rejected (a reason, no data). */
export type SpooledLine =
  | {
      lineNo: number;
      state: 'pending';
      externalId: string | null;
      identityHashes: IdentityHash[];
      sealedIdentities: Buffer;
      wrappedDataKey: Buffer;
    }
  | { lineNo: number; state: 'rejected'; reason: string };

export type PendingLine = Extract<SpooledLine, { state: 'pending' }>;

const JOB_COLUMNS = `id, regulation, dry_run AS "dryRun", format, status, lines_read AS "linesRead",
  lines_accepted AS "accepted", lines_rejected AS "rejected", requests_created AS "requestsCreated",
  duplicates_skipped AS "duplicates", abort_reason AS "abortReason", created_by AS "createdBy",
  created_at AS "createdAt", received_at AS "receivedAt", finished_at AS "finishedAt"`;

/** The bulk_jobs and bulk_lines tables (see the bulk-erasure migration). */
@Injectable()
export class BulkJobRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(job: Pick<BulkJobRow, 'id' | 'regulation' | 'dryRun' | 'format' | 'createdBy'>, now: Date) {
    await this.dataSource.query(
      `INSERT INTO bulk_jobs (id, regulation, dry_run, format, status, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'receiving', $5, $6, $6)`,
      [job.id, job.regulation, job.dryRun, job.format, job.createdBy, now],
    );
  }

  /** Spools a batch of lines and the upload's running counts in one transaction. */
  async spool(jobId: string, lines: SpooledLine[], now: Date): Promise<void> {
    if (lines.length === 0) return;
    const pending = lines.filter((line): line is PendingLine => line.state === 'pending');
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO bulk_lines (job_id, line_no, state, external_id, identity_hashes, sealed_identities,
                                 wrapped_data_key, reason)
         SELECT $1, v.line_no, v.state, v.external_id, v.hashes::jsonb, v.sealed, v.wrapped, v.reason
           FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::bytea[], $7::bytea[], $8::text[])
             AS v(line_no, state, external_id, hashes, sealed, wrapped, reason)`,
        [
          jobId,
          lines.map((l) => l.lineNo),
          lines.map((l) => l.state),
          lines.map((l) => (l.state === 'pending' ? l.externalId : null)),
          lines.map((l) => (l.state === 'pending' ? JSON.stringify(l.identityHashes) : null)),
          lines.map((l) => (l.state === 'pending' ? l.sealedIdentities : null)),
          lines.map((l) => (l.state === 'pending' ? l.wrappedDataKey : null)),
          lines.map((l) => (l.state === 'rejected' ? l.reason : null)),
        ],
      );
      await manager.query(
        `UPDATE bulk_jobs SET lines_read = lines_read + $2, lines_accepted = lines_accepted + $3,
                lines_rejected = lines_rejected + $4, updated_at = $5
          WHERE id = $1`,
        [jobId, lines.length, pending.length, lines.length - pending.length, now],
      );
    });
  }

  /** The whole upload is stored: the worker may create its requests. */
  async markReceived(jobId: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE bulk_jobs SET status = 'queued', received_at = $2, updated_at = $2
        WHERE id = $1 AND status = 'receiving'`,
      [jobId, now],
    );
  }

  /** Gives up an upload and deletes its lines (with their sealed identities): nothing of it is processed. */
  async abort(jobId: string, reason: string, now: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM bulk_lines WHERE job_id = $1`, [jobId]);
      await manager.query(
        `UPDATE bulk_jobs SET status = 'aborted', abort_reason = $2, finished_at = $3, updated_at = $3
          WHERE id = $1 AND status = 'receiving'`,
        [jobId, reason, now],
      );
    });
  }

  /** Forgets a refused upload entirely (a bad header, no lines, too many): as if it had never been sent. */
  async discard(jobId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM bulk_lines WHERE job_id = $1`, [jobId]);
      await manager.query(`DELETE FROM bulk_jobs WHERE id = $1 AND status = 'receiving'`, [jobId]);
    });
  }

  /** Uploads still `receiving` with no progress since `before`: their process died mid-upload. */
  async staleUploads(before: Date): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM bulk_jobs WHERE status = 'receiving' AND updated_at < $1 ORDER BY updated_at LIMIT 100`,
      [before],
    );
    return rows.map((row) => row.id);
  }

  /** Jobs with lines to turn into requests, oldest first. */
  async runnable(): Promise<BulkJobRow[]> {
    return this.dataSource.query(
      `SELECT ${JOB_COLUMNS} FROM bulk_jobs WHERE status IN ('queued', 'processing') ORDER BY created_at, id`,
    );
  }

  async find(id: string): Promise<BulkJobRow | undefined> {
    const rows: BulkJobRow[] = await this.dataSource.query(
      `SELECT ${JOB_COLUMNS} FROM bulk_jobs WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  /** Newest first, keyset on (created_at, id). */
  async list(limit: number, after?: { createdAt: Date; id: string }): Promise<BulkJobRow[]> {
    return this.dataSource.query(
      `SELECT ${JOB_COLUMNS} FROM bulk_jobs
        ${after ? 'WHERE (created_at, id) < ($2, $3)' : ''}
        ORDER BY created_at DESC, id DESC LIMIT $1`,
      after ? [limit, after.createdAt, after.id] : [limit],
    );
  }

  /** Completed requests per job (an index range on ix_erasure_requests_bulk_job per job). */
  async completedCounts(jobIds: string[]): Promise<Map<string, number>> {
    if (jobIds.length === 0) return new Map();
    const rows: { id: string; n: number }[] = await this.dataSource.query(
      `SELECT bulk_job_id AS id, count(*)::int AS n FROM erasure_requests
        WHERE bulk_job_id = ANY($1) AND status = 'completed' GROUP BY bulk_job_id`,
      [jobIds],
    );
    return new Map(rows.map((row) => [row.id, row.n]));
  }

  async rejectedLines(
    jobId: string,
    afterLine: number,
    limit: number,
  ): Promise<{ line: number; reason: string }[]> {
    return this.dataSource.query(
      `SELECT line_no AS line, reason FROM bulk_lines
        WHERE job_id = $1 AND state = 'rejected' AND line_no > $2 ORDER BY line_no LIMIT $3`,
      [jobId, afterLine, limit],
    );
  }

  /** Locks the job row (the worker's per-job lock) and returns it, in the caller's transaction. */
  async lockJob(manager: EntityManager, jobId: string): Promise<BulkJobRow | undefined> {
    const rows: BulkJobRow[] = await manager.query(
      `SELECT ${JOB_COLUMNS} FROM bulk_jobs WHERE id = $1 FOR UPDATE`,
      [jobId],
    );
    return rows[0];
  }

  /** The next accepted lines still waiting for a request, in line order. */
  async claimPending(manager: EntityManager, jobId: string, limit: number): Promise<PendingLine[]> {
    const rows: (Omit<PendingLine, 'state'> & { state: 'pending' })[] = await manager.query(
      `SELECT line_no AS "lineNo", state, external_id AS "externalId", identity_hashes AS "identityHashes",
              sealed_identities AS "sealedIdentities", wrapped_data_key AS "wrappedDataKey"
         FROM bulk_lines WHERE job_id = $1 AND state = 'pending' ORDER BY line_no LIMIT $2`,
      [jobId, limit],
    );
    return rows;
  }

  /**
   * Records what became of each line, dropping its sealed identities (the request holds its own copy now), and
   * adds to the job's counts. In the transaction that created the requests, so a line is done exactly when its
   * request exists.
   */
  async settleLines(
    manager: EntityManager,
    jobId: string,
    outcomes: { lineNo: number; state: 'created' | 'duplicate'; requestId: string }[],
    now: Date,
  ): Promise<void> {
    if (outcomes.length === 0) return;
    await manager.query(
      `UPDATE bulk_lines l SET state = v.state, request_id = v.request_id,
              identity_hashes = NULL, sealed_identities = NULL, wrapped_data_key = NULL
         FROM unnest($2::int[], $3::text[], $4::uuid[]) AS v(line_no, state, request_id)
        WHERE l.job_id = $1 AND l.line_no = v.line_no`,
      [jobId, outcomes.map((o) => o.lineNo), outcomes.map((o) => o.state), outcomes.map((o) => o.requestId)],
    );
    const created = outcomes.filter((o) => o.state === 'created').length;
    await manager.query(
      `UPDATE bulk_jobs SET status = 'processing', requests_created = requests_created + $2,
              duplicates_skipped = duplicates_skipped + $3, updated_at = $4
        WHERE id = $1`,
      [jobId, created, outcomes.length - created, now],
    );
  }

  /**
   * Brings the planner's statistics of the tables a bulk job fills up to date, as PostgreSQL advises after a bulk
   * load: autovacuum analyses them only a while later, and until then a plan made for a small outbox scans the
   * whole backlog. Needs the tables' owner; false if it could not run (the next pass tries again).
   */
  async refreshPlannerStatistics(): Promise<boolean> {
    try {
      await this.dataSource.query(
        `ANALYZE outbox_messages, erasure_tasks, erasure_requests, bulk_lines, audit_events`,
      );
      return true;
    } catch {
      return false;
    }
  }

  async markDone(manager: EntityManager, jobId: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE bulk_jobs SET status = 'done', finished_at = $2, updated_at = $2
        WHERE id = $1 AND status IN ('queued', 'processing')`,
      [jobId, now],
    );
  }
}
