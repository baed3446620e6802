import { MigrationInterface, QueryRunner } from 'typeorm';

export class Orders1795000000000 implements MigrationInterface {
  name = 'Orders1795000000000';

  async up(db: QueryRunner): Promise<void> {
    // Personal columns are nullable only so that an erased customer's orders can be kept, anonymised.
    await db.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY,
        order_number varchar(20) NOT NULL,
        user_id varchar(200),
        email varchar(320),
        customer_name varchar(200),
        shipping_address text,
        phone varchar(32),
        total_cents integer NOT NULL CHECK (total_cents >= 0),
        currency char(3) NOT NULL,
        placed_at timestamptz NOT NULL,
        anonymised_at timestamptz,
        CONSTRAINT ck_orders_personal_fields CHECK (
          anonymised_at IS NOT NULL OR (email IS NOT NULL AND customer_name IS NOT NULL AND shipping_address IS NOT NULL)
        )
      )`);
    await db.query(`CREATE UNIQUE INDEX ux_orders_order_number ON orders (order_number)`);
    await db.query(`CREATE INDEX ix_orders_email ON orders (email)`);
    await db.query(`CREATE INDEX ix_orders_user_id ON orders (user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE orders`);
  }
}
