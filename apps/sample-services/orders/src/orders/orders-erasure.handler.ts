import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ErasureContext,
  HandlerOutcome,
  notFound,
  OnErasure,
  retained,
  RetentionBasis,
} from '@lethe/deletion-sdk';
import { DataSource } from 'typeorm';

/** Why orders outlive an erasure request; recorded by the coordinator as proof. */
export const ORDER_RETENTION = {
  basis: RetentionBasis.LegalObligation,
  note: 'commercial/tax records kept 10 years (HGB §257 / AO §147); personal fields anonymised',
  dryRunNote:
    'commercial/tax records kept 10 years (HGB §257 / AO §147); personal fields would be anonymised',
} as const;

/**
 * Orders must be kept for tax law, so an erasure anonymises them in place: the customer's name, email, user id,
 * shipping address and phone go; order number, amounts and dates stay.
 */
@Injectable()
export class OrdersErasureHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @OnErasure('postgres')
  async erase(ctx: ErasureContext): Promise<HandlerOutcome> {
    const emails = ctx.valuesOf('email');
    const userIds = ctx.valuesOf('user_id');
    return this.dataSource.transaction(async (manager) => {
      const orders: { id: string }[] = await manager.query(
        `SELECT id FROM orders WHERE email = ANY($1) OR user_id = ANY($2) FOR UPDATE`,
        [emails, userIds],
      );
      if (orders.length === 0) return notFound();
      if (ctx.dryRun) return retained(ORDER_RETENTION.basis, ORDER_RETENTION.dryRunNote, orders.length);
      await manager.query(
        `UPDATE orders
            SET user_id = NULL, email = NULL, customer_name = NULL, shipping_address = NULL, phone = NULL,
                anonymised_at = now()
          WHERE id = ANY($1::uuid[])`,
        [orders.map((order) => order.id)],
      );
      return retained(ORDER_RETENTION.basis, ORDER_RETENTION.note, orders.length);
    });
  }
}
