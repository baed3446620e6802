import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders for tasks that wait past their expected time (a manual task a person has not confirmed, a webhook or
 * OpenDSR target that has not reported): the expected time a task was last reminded for, so each expected time is
 * reminded once, and a task on the escalation outbox's rows, so two tasks of one request can be reminded for the
 * same time. NULLS NOT DISTINCT (PostgreSQL 15) keeps the request-level escalations unique as before.
 */
export class TaskReminders1795000540000 implements MigrationInterface {
  name = 'TaskReminders1795000540000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE erasure_tasks ADD COLUMN reminded_for timestamptz`);
    await db.query(`ALTER TABLE escalation_deliveries
      ADD COLUMN task_id uuid REFERENCES erasure_tasks (id),
      ADD COLUMN service varchar(100)`);
    await db.query(`ALTER TABLE escalation_deliveries DROP CONSTRAINT ux_escalation_deliveries_escalation`);
    await db.query(`ALTER TABLE escalation_deliveries ADD CONSTRAINT ux_escalation_deliveries_escalation
      UNIQUE NULLS NOT DISTINCT (request_id, kind, due_at, task_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM escalation_deliveries WHERE task_id IS NOT NULL`);
    await db.query(`ALTER TABLE escalation_deliveries DROP CONSTRAINT ux_escalation_deliveries_escalation`);
    await db.query(`ALTER TABLE escalation_deliveries ADD CONSTRAINT ux_escalation_deliveries_escalation
      UNIQUE (request_id, kind, due_at)`);
    await db.query(`ALTER TABLE escalation_deliveries DROP COLUMN task_id, DROP COLUMN service`);
    await db.query(`ALTER TABLE erasure_tasks DROP COLUMN reminded_for`);
  }
}
