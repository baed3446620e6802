import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialLedger1795000000000 implements MigrationInterface {
  name = 'InitialLedger1795000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE erasure_requests (
        id uuid PRIMARY KEY,
        external_id varchar(200),
        regulation varchar(10) NOT NULL CHECK (regulation IN ('gdpr', 'ccpa')),
        status varchar(20) NOT NULL,
        submitted_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        completed_at timestamptz,
        identity_hashes jsonb NOT NULL,
        sealed_identities bytea,
        wrapped_data_key bytea,
        created_by varchar(100) NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(
      `CREATE UNIQUE INDEX ix_erasure_requests_external_id ON erasure_requests (external_id) WHERE external_id IS NOT NULL`,
    );
    await db.query(`CREATE INDEX ix_erasure_requests_submitted ON erasure_requests (submitted_at, id)`);
    await db.query(
      `CREATE INDEX ix_erasure_requests_status_submitted ON erasure_requests (status, submitted_at, id)`,
    );

    await db.query(`
      CREATE TABLE erasure_tasks (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL,
        service varchar(63) NOT NULL,
        status varchar(20) NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        records_affected int,
        retention jsonb,
        last_error jsonb,
        dispatched_at timestamptz,
        completed_at timestamptz,
        updated_at timestamptz NOT NULL,
        CONSTRAINT fk_erasure_tasks_request FOREIGN KEY (request_id) REFERENCES erasure_requests (id) ON DELETE CASCADE
      )`);
    await db.query(
      `CREATE UNIQUE INDEX ux_erasure_tasks_request_service ON erasure_tasks (request_id, service)`,
    );
    await db.query(`CREATE INDEX ix_erasure_tasks_service_status ON erasure_tasks (service, status)`);

    await db.query(`
      CREATE TABLE registered_services (
        name varchar(63) PRIMARY KEY,
        state varchar(10) NOT NULL,
        registration varchar(10) NOT NULL,
        identity_types jsonb NOT NULL,
        data_categories jsonb NOT NULL,
        sdk_version varchar(64),
        instance_id varchar(128),
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL
      )`);

    await db.query(`
      CREATE TABLE outbox_messages (
        id bigserial PRIMARY KEY,
        command_id uuid NOT NULL,
        task_id uuid NOT NULL REFERENCES erasure_tasks (id) ON DELETE CASCADE,
        attempt int NOT NULL,
        created_at timestamptz NOT NULL,
        sent_at timestamptz
      )`);
    await db.query(`CREATE INDEX ix_outbox_messages_unsent ON outbox_messages (id) WHERE sent_at IS NULL`);

    await db.query(`
      CREATE TABLE audit_streams (
        stream varchar(100) PRIMARY KEY,
        head_seq int NOT NULL,
        head_hash char(64) NOT NULL
      )`);
    await db.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        stream varchar(100) NOT NULL,
        seq int NOT NULL,
        type varchar(60) NOT NULL,
        at timestamptz NOT NULL,
        actor varchar(100) NOT NULL,
        data jsonb NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL
      )`);
    await db.query(`CREATE UNIQUE INDEX ux_audit_events_stream_seq ON audit_events (stream, seq)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'audit_events',
      'audit_streams',
      'outbox_messages',
      'registered_services',
      'erasure_tasks',
      'erasure_requests',
    ]) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
