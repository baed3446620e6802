import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * OpenDSR: the link from a controller's subject_request_id to Lethe's request (with the last status announced to
 * the controller), the durable queue of status callbacks, and the `opendsr` API key role.
 */
export class OpenDsr1795000420000 implements MigrationInterface {
  name = 'OpenDsr1795000420000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE opendsr_requests (
        subject_request_id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES erasure_requests (id),
        controller_id varchar(200) NOT NULL,
        api_version varchar(20),
        fingerprint char(64) NOT NULL,
        callback_urls jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        announced_status varchar(20),
        checked_at timestamptz NOT NULL,
        created_by varchar(100) NOT NULL
      )`);
    await db.query(`CREATE UNIQUE INDEX ux_opendsr_requests_request ON opendsr_requests (request_id)`);
    // the announcer looks only at requests whose controller has not yet heard a final status
    await db.query(`CREATE INDEX ix_opendsr_requests_unsettled ON opendsr_requests (checked_at)
      WHERE announced_status IS NULL OR announced_status IN ('pending', 'in_progress')`);
    await db.query(`
      CREATE TABLE opendsr_callbacks (
        id bigserial PRIMARY KEY,
        subject_request_id uuid NOT NULL REFERENCES opendsr_requests (subject_request_id),
        url text NOT NULL,
        request_status varchar(20) NOT NULL,
        expected_completion_at timestamptz NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        delivered_at timestamptz,
        given_up_at timestamptz,
        last_error varchar(300)
      )`);
    await db.query(`CREATE INDEX ix_opendsr_callbacks_due ON opendsr_callbacks (next_attempt_at)
      WHERE delivered_at IS NULL AND given_up_at IS NULL`);
    await db.query(
      `CREATE INDEX ix_opendsr_callbacks_request ON opendsr_callbacks (subject_request_id, url, id)`,
    );
    await db.query(`ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_role_check`);
    await db.query(`ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check
      CHECK (role IN ('admin', 'operator', 'auditor', 'opendsr'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS opendsr_callbacks`);
    await db.query(`DROP TABLE IF EXISTS opendsr_requests`);
    await db.query(`DELETE FROM api_keys WHERE role = 'opendsr'`);
    await db.query(`ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_role_check`);
    await db.query(`ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check
      CHECK (role IN ('admin', 'operator', 'auditor'))`);
  }
}
