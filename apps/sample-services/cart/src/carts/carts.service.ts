import { Injectable, NotFoundException } from '@nestjs/common';
import type { Cart } from './cart';
import { CartStore } from './cart.store';
import { AddCartItemDto } from './dto/add-cart-item.dto';

@Injectable()
export class CartsService {
  constructor(private readonly carts: CartStore) {}

  /** Adds to the quantity of the item in the user's cart, creating the cart on first use. */
  async addItem(userId: string, input: AddCartItemDto): Promise<Cart> {
    const existing = await this.carts.get(userId);
    const items = existing?.items.filter((item) => item.sku !== input.sku) ?? [];
    const quantity = (existing?.items.find((item) => item.sku === input.sku)?.quantity ?? 0) + input.quantity;
    const cart: Cart = {
      userId,
      email: input.email.trim().toLowerCase(),
      items: [...items, { sku: input.sku, quantity }],
      updatedAt: new Date().toISOString(),
    };
    await this.carts.save(cart, existing?.email);
    return cart;
  }

  async get(userId: string): Promise<Cart> {
    const cart = await this.carts.get(userId);
    if (!cart) throw new NotFoundException(`user ${userId} has no cart`);
    return cart;
  }

  async findByEmail(email: string): Promise<Cart[]> {
    const cart = await this.carts.findByEmail(email.trim().toLowerCase());
    return cart ? [cart] : [];
  }
}
