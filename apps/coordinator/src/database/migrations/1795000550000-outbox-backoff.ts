import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-row backoff on the outbox: a row that cannot be published (its topic is gone, its identities no longer
 * open) waits on its own `next_attempt_at` while the rows behind it go out. Nullable columns and a constant default
 * are catalogue changes only, so a large outbox is not rewritten.
 */
export class OutboxBackoff1795000550000 implements MigrationInterface {
  name = 'OutboxBackoff1795000550000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE outbox_messages ADD COLUMN IF NOT EXISTS publish_attempts int NOT NULL DEFAULT 0,
         ADD COLUMN IF NOT EXISTS next_attempt_at timestamptz NULL,
         ADD COLUMN IF NOT EXISTS last_error varchar(500) NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE outbox_messages DROP COLUMN IF EXISTS publish_attempts,
         DROP COLUMN IF EXISTS next_attempt_at, DROP COLUMN IF EXISTS last_error`,
    );
  }
}
