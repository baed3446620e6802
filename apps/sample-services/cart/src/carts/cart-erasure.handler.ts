import { Injectable } from '@nestjs/common';
import { deleted, ErasureContext, HandlerOutcome, notFound, OnErasure } from '@lethe/deletion-sdk';
import { CartStore } from './cart.store';

/** Erases a person's cart and the email index entries that find it. */
@Injectable()
export class CartErasureHandler {
  constructor(private readonly carts: CartStore) {}

  @OnErasure('redis')
  async erase(ctx: ErasureContext): Promise<HandlerOutcome> {
    const keys = await this.carts.keysOf({ emails: ctx.valuesOf('email'), userIds: ctx.valuesOf('user_id') });
    const count = ctx.dryRun ? keys.length : await this.carts.delete(keys);
    return count > 0 ? deleted(count) : notFound();
  }
}
