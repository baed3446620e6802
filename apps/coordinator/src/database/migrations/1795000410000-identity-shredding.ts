import { MigrationInterface, QueryRunner } from 'typeorm';

// spelled out like shredding/shred-policy.ts (SHREDDABLE_STATUSES_SQL, TERMINAL_AT_SQL), so the planner matches it
const SHRED_DUE_INDEX = `erasure_requests
  ((COALESCE(CASE status WHEN 'completed' THEN completed_at WHEN 'cancelled' THEN cancelled_at END, updated_at)))
  WHERE sealed_identities IS NOT NULL AND status IN ('completed', 'cancelled')`;

/**
 * Crypto-shredding: when a request's identities were destroyed, and an index of the terminal requests that still
 * hold them. A shredded row leaves the partial index, so it stays as small as the backlog inside the window
 * however many requests the ledger has, and the "due" query reads only what it shreds. Built CONCURRENTLY, outside
 * a transaction, so a ledger with millions of requests keeps taking writes; the retry of a failed build drops the
 * invalid index it left first.
 */
export class IdentityShredding1795000410000 implements MigrationInterface {
  name = 'IdentityShredding1795000410000';
  transaction = false;

  async up(db: QueryRunner): Promise<void> {
    // a nullable column without a default is a catalogue change only: no table rewrite
    await db.query(
      `ALTER TABLE erasure_requests ADD COLUMN IF NOT EXISTS identities_shredded_at timestamptz NULL`,
    );
    await db.query(`DROP INDEX CONCURRENTLY IF EXISTS ix_erasure_requests_shred_due`);
    await db.query(`CREATE INDEX CONCURRENTLY ix_erasure_requests_shred_due ON ${SHRED_DUE_INDEX}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX CONCURRENTLY IF EXISTS ix_erasure_requests_shred_due`);
    await db.query(`ALTER TABLE erasure_requests DROP COLUMN IF EXISTS identities_shredded_at`);
  }
}
