import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Time-ordered reads of the audit ledger (GET /v1/audit/export, `?since=`). Built CONCURRENTLY, outside a
 * transaction, so a large ledger keeps accepting appends meanwhile; a build that failed half-way leaves an invalid
 * index behind, which the retry drops first.
 */
export class AuditExportIndex1795000200000 implements MigrationInterface {
  name = 'AuditExportIndex1795000200000';
  transaction = false;

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX CONCURRENTLY IF EXISTS ix_audit_events_at_id`);
    await db.query(`CREATE INDEX CONCURRENTLY ix_audit_events_at_id ON audit_events (at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX CONCURRENTLY IF EXISTS ix_audit_events_at_id`);
  }
}
