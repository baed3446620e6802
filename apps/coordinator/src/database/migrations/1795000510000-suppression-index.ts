import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The suppression list is the completed requests' keyed hashes themselves (see suppression/): this index lets a
 * service's check find them by containment without a second copy of the hashes.
 */
export class SuppressionIndex1795000510000 implements MigrationInterface {
  name = 'SuppressionIndex1795000510000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX ix_erasure_requests_suppression ON erasure_requests
      USING gin (identity_hashes jsonb_path_ops) WHERE status = 'completed'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS ix_erasure_requests_suppression`);
  }
}
