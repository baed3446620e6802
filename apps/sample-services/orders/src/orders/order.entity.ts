import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An order. Kept for tax law; after an erasure its personal fields are null and `anonymisedAt` is set. */
@Entity('orders')
export class OrderEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Index('ux_orders_order_number', { unique: true })
  @Column({ name: 'order_number', type: 'varchar', length: 20 })
  orderNumber: string;

  @Index('ix_orders_user_id')
  @Column({ name: 'user_id', type: 'varchar', length: 200, nullable: true })
  userId: string | null;

  @Index('ix_orders_email')
  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  @Column({ name: 'customer_name', type: 'varchar', length: 200, nullable: true })
  customerName: string | null;

  @Column({ name: 'shipping_address', type: 'text', nullable: true })
  shippingAddress: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  @Column({ name: 'total_cents', type: 'integer' })
  totalCents: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ name: 'placed_at', type: 'timestamptz' })
  placedAt: Date;

  @Column({ name: 'anonymised_at', type: 'timestamptz', nullable: true })
  anonymisedAt: Date | null;
}
