import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CCPA receipt confirmation: when an operator recorded it, and when its absence was escalated. The columns are
 * nullable without a default, so adding them rewrites nothing; the sweep's index is built CONCURRENTLY, outside a
 * transaction, so a large ledger keeps taking writes (a half-built index from a failed run is dropped first).
 */
export class ReceiptConfirmation1795000400000 implements MigrationInterface {
  name = 'ReceiptConfirmation1795000400000';
  transaction = false;

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE erasure_requests
        ADD COLUMN IF NOT EXISTS receipt_confirmed_at timestamptz,
        ADD COLUMN IF NOT EXISTS receipt_confirmation_overdue_at timestamptz`);
    await db.query(`DROP INDEX CONCURRENTLY IF EXISTS ix_erasure_requests_receipt_due`);
    // the sweep looks for confirmations still owed; confirmed or escalated ones drop out of the index
    await db.query(
      `CREATE INDEX CONCURRENTLY ix_erasure_requests_receipt_due ON erasure_requests (receipt_confirmation_due_at)
         WHERE receipt_confirmation_due_at IS NOT NULL AND receipt_confirmed_at IS NULL
           AND receipt_confirmation_overdue_at IS NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX CONCURRENTLY IF EXISTS ix_erasure_requests_receipt_due`);
    await db.query(`
      ALTER TABLE erasure_requests DROP COLUMN receipt_confirmed_at, DROP COLUMN receipt_confirmation_overdue_at`);
  }
}
