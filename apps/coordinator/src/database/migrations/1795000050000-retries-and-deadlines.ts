import { MigrationInterface, QueryRunner } from 'typeorm';

/** Timers the ledger owns (so a wiped Redis can be rebuilt), deadline extension and escalation records. */
export class RetriesAndDeadlines1795000050000 implements MigrationInterface {
  name = 'RetriesAndDeadlines1795000050000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE erasure_tasks
        ADD COLUMN ack_due_at timestamptz,
        ADD COLUMN next_attempt_at timestamptz,
        ADD COLUMN attempt_budget_base int NOT NULL DEFAULT 0`);
    await db.query(
      `CREATE INDEX ix_erasure_tasks_ack_due ON erasure_tasks (ack_due_at) WHERE ack_due_at IS NOT NULL`,
    );
    await db.query(
      `CREATE INDEX ix_erasure_tasks_next_attempt ON erasure_tasks (next_attempt_at) WHERE next_attempt_at IS NOT NULL`,
    );
    // one command per dispatch: a retry scheduled twice (timer and sweep) inserts once
    await db.query(
      `CREATE UNIQUE INDEX ux_outbox_messages_task_attempt ON outbox_messages (task_id, attempt)`,
    );
    await db.query(`
      ALTER TABLE erasure_requests
        ADD COLUMN initial_due_at timestamptz,
        ADD COLUMN receipt_confirmation_due_at timestamptz,
        ADD COLUMN extended_at timestamptz,
        ADD COLUMN extension_reason text,
        ADD COLUMN at_risk_at timestamptz,
        ADD COLUMN overdue_at timestamptz,
        ADD COLUMN cancelled_at timestamptz`);
    await db.query(`UPDATE erasure_requests SET initial_due_at = due_at`);
    await db.query(`ALTER TABLE erasure_requests ALTER COLUMN initial_due_at SET NOT NULL`);
    await db.query(
      `CREATE INDEX ix_erasure_requests_open_due ON erasure_requests (due_at)
         WHERE status IN ('received', 'in_progress', 'needs_attention')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_erasure_requests_open_due`);
    await db.query(`
      ALTER TABLE erasure_requests
        DROP COLUMN initial_due_at, DROP COLUMN receipt_confirmation_due_at, DROP COLUMN extended_at,
        DROP COLUMN extension_reason, DROP COLUMN at_risk_at, DROP COLUMN overdue_at, DROP COLUMN cancelled_at`);
    await db.query(`DROP INDEX ux_outbox_messages_task_attempt`);
    await db.query(`DROP INDEX ix_erasure_tasks_next_attempt`);
    await db.query(`DROP INDEX ix_erasure_tasks_ack_due`);
    await db.query(`
      ALTER TABLE erasure_tasks DROP COLUMN ack_due_at, DROP COLUMN next_attempt_at, DROP COLUMN attempt_budget_base`);
  }
}
