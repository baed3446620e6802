import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk erasure and dry runs. An upload is spooled into bulk_lines (one row per line, numbered) before any request
 * is created, so a worker can create requests from it in batches and a restart resumes at the first line still
 * `pending`. Accepted lines hold their identities only sealed (as a request would) until their request exists.
 */
export class BulkErasure1795000530000 implements MigrationInterface {
  name = 'BulkErasure1795000530000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE bulk_jobs (
        id uuid PRIMARY KEY,
        regulation varchar(10) NOT NULL,
        dry_run boolean NOT NULL,
        format varchar(10) NOT NULL CHECK (format IN ('ndjson', 'csv')),
        status varchar(20) NOT NULL CHECK (status IN ('receiving', 'queued', 'processing', 'done', 'aborted')),
        lines_read int NOT NULL DEFAULT 0,
        lines_accepted int NOT NULL DEFAULT 0,
        lines_rejected int NOT NULL DEFAULT 0,
        requests_created int NOT NULL DEFAULT 0,
        duplicates_skipped int NOT NULL DEFAULT 0,
        abort_reason varchar(300),
        created_by varchar(100) NOT NULL,
        created_at timestamptz NOT NULL,
        received_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX ix_bulk_jobs_created ON bulk_jobs (created_at, id)`);
    await db.query(`CREATE INDEX ix_bulk_jobs_open ON bulk_jobs (status, updated_at)
      WHERE status IN ('receiving', 'queued', 'processing')`);
    await db.query(`
      CREATE TABLE bulk_lines (
        job_id uuid NOT NULL REFERENCES bulk_jobs (id) ON DELETE CASCADE,
        line_no int NOT NULL,
        state varchar(10) NOT NULL CHECK (state IN ('pending', 'created', 'duplicate', 'rejected')),
        external_id varchar(200),
        identity_hashes jsonb,
        sealed_identities bytea,
        wrapped_data_key bytea,
        reason varchar(300),
        request_id uuid,
        PRIMARY KEY (job_id, line_no)
      )`);
    await db.query(
      `CREATE INDEX ix_bulk_lines_pending ON bulk_lines (job_id, line_no) WHERE state = 'pending'`,
    );
    await db.query(
      `CREATE INDEX ix_bulk_lines_rejected ON bulk_lines (job_id, line_no) WHERE state = 'rejected'`,
    );
    await db.query(`ALTER TABLE erasure_requests ADD COLUMN dry_run boolean NOT NULL DEFAULT false`);
    // statistics subtract dry runs from index-only status counts; this keeps counting them cheap
    await db.query(`CREATE INDEX ix_erasure_requests_dry_run ON erasure_requests (status) WHERE dry_run`);
    await db.query(`ALTER TABLE erasure_requests ADD COLUMN bulk_job_id uuid REFERENCES bulk_jobs (id)`);
    await db.query(`CREATE INDEX ix_erasure_requests_bulk_job ON erasure_requests (bulk_job_id, status)
      WHERE bulk_job_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE erasure_requests DROP COLUMN IF EXISTS bulk_job_id`);
    await db.query(`ALTER TABLE erasure_requests DROP COLUMN IF EXISTS dry_run`);
    await db.query(`DROP TABLE IF EXISTS bulk_lines`);
    await db.query(`DROP TABLE IF EXISTS bulk_jobs`);
  }
}
