import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Targets outside the estate (docs/targets.md): webhook and OpenDSR endpoints of registered services, their own
 * durable outbox (one row per dispatch, which also remembers an accepted dispatch's status URL and expected time),
 * the callback ids already seen (replay protection), and the expected time of a `waiting` task.
 */
export class Targets1795000520000 implements MigrationInterface {
  name = 'Targets1795000520000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE target_endpoints (
        name varchar(63) PRIMARY KEY REFERENCES registered_services (name),
        kind varchar(10) NOT NULL CHECK (kind IN ('webhook', 'opendsr')),
        url text NOT NULL,
        sealed_secret bytea,
        wrapped_secret_key bytea,
        expected_completion_ms int NOT NULL,
        deadline_policy varchar(10) NOT NULL CHECK (deadline_policy IN ('skip', 'escalate')),
        processor_certificate text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE target_dispatches (
        id bigserial PRIMARY KEY,
        command_id uuid NOT NULL,
        task_id uuid NOT NULL REFERENCES erasure_tasks (id) ON DELETE CASCADE,
        attempt int NOT NULL,
        created_at timestamptz NOT NULL,
        sent_at timestamptz,
        status_url text,
        expected_at timestamptz,
        next_poll_at timestamptz,
        settled_at timestamptz
      )`);
    await db.query(
      `CREATE UNIQUE INDEX ux_target_dispatches_task_attempt ON target_dispatches (task_id, attempt)`,
    );
    await db.query(
      `CREATE INDEX ix_target_dispatches_unsent ON target_dispatches (id) WHERE sent_at IS NULL`,
    );
    await db.query(`CREATE INDEX ix_target_dispatches_waiting ON target_dispatches (expected_at)
      WHERE sent_at IS NOT NULL AND settled_at IS NULL AND expected_at IS NOT NULL`);
    await db.query(`
      CREATE TABLE target_callbacks_seen (
        target varchar(63) NOT NULL,
        callback_id varchar(128) NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (target, callback_id)
      )`);
    await db.query(`ALTER TABLE erasure_tasks ADD COLUMN expected_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE erasure_tasks DROP COLUMN expected_at`);
    await db.query(`UPDATE erasure_tasks SET status = 'dispatched' WHERE status = 'waiting'`);
    await db.query(`DROP TABLE IF EXISTS target_callbacks_seen`);
    await db.query(`DROP TABLE IF EXISTS target_dispatches`);
    await db.query(`DROP TABLE IF EXISTS target_endpoints`);
  }
}
