import { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiKeys1795000100000 implements MigrationInterface {
  name = 'ApiKeys1795000100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        name varchar(100) NOT NULL,
        role varchar(10) NOT NULL CHECK (role IN ('admin', 'operator', 'auditor')),
        prefix varchar(32) NOT NULL,
        key_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL,
        created_by varchar(100) NOT NULL,
        revoked_at timestamptz,
        revoked_by varchar(100),
        last_used_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX ux_api_keys_key_hash ON api_keys (key_hash)`);
    // names identify keys in the audit ledger (actor api-key:<name>), so they are unique, ignoring case, forever
    await db.query(`CREATE UNIQUE INDEX ux_api_keys_name ON api_keys (lower(name))`);
    await db.query(`CREATE INDEX ix_api_keys_created ON api_keys (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS api_keys`);
  }
}
