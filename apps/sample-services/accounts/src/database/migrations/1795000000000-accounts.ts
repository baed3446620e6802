import { MigrationInterface, QueryRunner } from 'typeorm';

export class Accounts1795000000000 implements MigrationInterface {
  name = 'Accounts1795000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email varchar(320) NOT NULL,
        name varchar(200) NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE UNIQUE INDEX ux_users_email ON users (email)`);
    await db.query(`
      CREATE TABLE profiles (
        user_id uuid PRIMARY KEY,
        phone varchar(32),
        bio text,
        CONSTRAINT fk_profiles_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE profiles`);
    await db.query(`DROP TABLE users`);
  }
}
