import { MigrationInterface, QueryRunner } from 'typeorm';

const INDEXES: Record<string, string> = {
  // the live feed: "what changed since t", polled once a second per replica while a dashboard is open
  ix_erasure_requests_updated: 'erasure_requests (updated_at)',
  ix_erasure_tasks_updated: 'erasure_tasks (updated_at)',
  // "overdue only" in the request list: open requests newest first, without walking past every finished one
  ix_erasure_requests_open_submitted: `erasure_requests (submitted_at, id) WHERE status IN ('received', 'in_progress', 'needs_attention')`,
  // completions per day and the median time to complete, over the last 30 days
  ix_erasure_requests_completed: `erasure_requests (completed_at) WHERE status = 'completed'`,
};

/**
 * Indexes for the dashboard's live feed and statistics. Built CONCURRENTLY, outside a transaction, so a ledger
 * with millions of requests keeps taking writes meanwhile; a build that failed half-way leaves an invalid index
 * behind, which the retry drops first.
 */
export class Dashboard1795000300000 implements MigrationInterface {
  name = 'Dashboard1795000300000';
  transaction = false;

  async up(db: QueryRunner): Promise<void> {
    for (const [name, definition] of Object.entries(INDEXES)) {
      await db.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
      await db.query(`CREATE INDEX CONCURRENTLY ${name} ON ${definition}`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const name of Object.keys(INDEXES)) await db.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
  }
}
