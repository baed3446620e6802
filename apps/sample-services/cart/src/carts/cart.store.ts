import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { CartConfig } from '../cart-config';
import { CART_REDIS } from '../redis/cart-redis.constants';
import type { Cart } from './cart';
import { CartKeys } from './cart-keys';

/** Who an erasure is about, as far as the cart service can tell. */
export interface CartSubject {
  emails: string[];
  userIds: string[];
}

/** Carts and their email index in Redis. */
@Injectable()
export class CartStore {
  private readonly keys: CartKeys;

  constructor(
    @Inject(CART_REDIS) private readonly redis: Redis,
    config: CartConfig,
  ) {
    this.keys = new CartKeys(config.keyPrefix);
  }

  async get(userId: string): Promise<Cart | undefined> {
    const json = await this.redis.get(this.keys.cart(userId));
    return json === null ? undefined : (JSON.parse(json) as Cart);
  }

  async findByEmail(email: string): Promise<Cart | undefined> {
    const userId = await this.redis.get(this.keys.emailIndex(email));
    return userId === null ? undefined : this.get(userId);
  }

  /** Writes the cart and points its email at it; an email the cart no longer has stops finding it. */
  async save(cart: Cart, previousEmail?: string): Promise<void> {
    const write = this.redis
      .multi()
      .set(this.keys.cart(cart.userId), JSON.stringify(cart))
      .set(this.keys.emailIndex(cart.email), cart.userId);
    if (previousEmail !== undefined && previousEmail !== cart.email) {
      write.del(this.keys.emailIndex(previousEmail));
    }
    await write.exec();
  }

  /**
   * Every existing key that holds the subject: the email index entries of their emails, the carts of their user
   * ids and of the users those emails find, and the index entries of those carts' own emails.
   */
  async keysOf(subject: CartSubject): Promise<string[]> {
    const indexKeys = subject.emails.map((email) => this.keys.emailIndex(email));
    const indexed = indexKeys.length > 0 ? await this.redis.mget(indexKeys) : [];
    const userIds = new Set(subject.userIds);
    const found = new Set<string>();
    indexed.forEach((userId, i) => {
      if (userId === null) return;
      found.add(indexKeys[i]);
      userIds.add(userId);
    });
    const cartKeys = [...userIds].map((userId) => this.keys.cart(userId));
    const carts = cartKeys.length > 0 ? await this.redis.mget(cartKeys) : [];
    const cartEmails: { key: string; userId: string }[] = [];
    carts.forEach((json, i) => {
      if (json === null) return;
      found.add(cartKeys[i]);
      const cart = JSON.parse(json) as Cart;
      cartEmails.push({ key: this.keys.emailIndex(cart.email), userId: cart.userId });
    });
    if (cartEmails.length > 0) {
      const owners = await this.redis.mget(cartEmails.map((entry) => entry.key));
      // an email that has since moved to another user's cart is that user's, not the subject's
      owners.forEach((owner, i) => {
        if (owner === cartEmails[i].userId) found.add(cartEmails[i].key);
      });
    }
    return [...found];
  }

  /** Deletes the keys; returns how many existed. */
  async delete(keys: string[]): Promise<number> {
    return keys.length > 0 ? this.redis.del(...keys) : 0;
  }
}
