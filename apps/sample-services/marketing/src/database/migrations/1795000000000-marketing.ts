import { MigrationInterface, QueryRunner } from 'typeorm';

export class Marketing1795000000000 implements MigrationInterface {
  name = 'Marketing1795000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE subscriptions (
        id uuid PRIMARY KEY,
        email varchar(320) NOT NULL,
        topics text[] NOT NULL,
        consented_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE UNIQUE INDEX ux_subscriptions_email ON subscriptions (email)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE subscriptions`);
  }
}
