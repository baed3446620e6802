import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The escalation webhook's outbox: one row per escalation owed to the webhook, written in the transaction that
 * records the escalation in the ledger, and delivered until it succeeds or an operator stops it. Replaces the
 * BullMQ job that was scheduled after commit and lost with Redis or after BullMQ's few minutes of retries.
 */
export class EscalationDeliveries1795000430000 implements MigrationInterface {
  name = 'EscalationDeliveries1795000430000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE escalation_deliveries (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES erasure_requests (id),
        kind varchar(40) NOT NULL,
        due_at timestamptz NOT NULL,
        escalated_at timestamptz NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        delivered_at timestamptz,
        stopped_at timestamptz,
        stopped_by varchar(100),
        last_error varchar(300),
        last_http_status int,
        CONSTRAINT ux_escalation_deliveries_escalation UNIQUE (request_id, kind, due_at)
      )`);
    // the poller reads only what is still owed; delivered and stopped rows leave the index
    await db.query(`CREATE INDEX ix_escalation_deliveries_due ON escalation_deliveries (next_attempt_at)
      WHERE delivered_at IS NULL AND stopped_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS escalation_deliveries`);
  }
}
