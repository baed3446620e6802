import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The verification pass (verification/): one row per (request, service) asked whether the subject is still there,
 * its own small outbox (sent_at), and the findings of resurrected data, each linkable to the re-erasure it opened.
 */
export class VerificationPass1795000560000 implements MigrationInterface {
  name = 'VerificationPass1795000560000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE erasure_requests ADD COLUMN verification_scheduled_at timestamptz NULL`);
    await db.query(`CREATE INDEX ix_erasure_requests_verify_due ON erasure_requests (completed_at)
      WHERE status = 'completed' AND verification_scheduled_at IS NULL AND dry_run = false`);
    await db.query(`
      CREATE TABLE erasure_verifications (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES erasure_requests (id),
        task_id uuid NULL,
        service varchar(63) NOT NULL,
        status varchar(10) NOT NULL,
        error_code varchar(100) NULL,
        created_at timestamptz NOT NULL,
        sent_at timestamptz NULL,
        answered_at timestamptz NULL,
        CONSTRAINT ux_erasure_verifications_request_service UNIQUE (request_id, service)
      )`);
    await db.query(
      `CREATE INDEX ix_erasure_verifications_unsent ON erasure_verifications (created_at) WHERE sent_at IS NULL`,
    );
    await db.query(`
      CREATE TABLE verification_findings (
        id uuid PRIMARY KEY,
        verification_id uuid NOT NULL REFERENCES erasure_verifications (id),
        request_id uuid NOT NULL REFERENCES erasure_requests (id),
        service varchar(63) NOT NULL,
        store varchar(100) NOT NULL,
        records integer NOT NULL,
        found_at timestamptz NOT NULL,
        follow_up_request_id uuid NULL REFERENCES erasure_requests (id)
      )`);
    await db.query(`CREATE INDEX ix_verification_findings_request ON verification_findings (request_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS verification_findings`);
    await db.query(`DROP TABLE IF EXISTS erasure_verifications`);
    await db.query(`DROP INDEX IF EXISTS ix_erasure_requests_verify_due`);
    await db.query(`ALTER TABLE erasure_requests DROP COLUMN IF EXISTS verification_scheduled_at`);
  }
}
