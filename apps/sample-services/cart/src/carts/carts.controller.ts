import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import type { Cart } from './cart';
import { CartsService } from './carts.service';
import { AddCartItemDto } from './dto/add-cart-item.dto';
import { CartOwnerParams } from './dto/cart-owner.params';
import { FindCartsQuery } from './dto/find-carts.query';

/** A tiny API to fill a cart, and watch it disappear after erasure. */
@Controller('carts')
export class CartsController {
  constructor(private readonly carts: CartsService) {}

  @Post(':userId/items')
  addItem(@Param() params: CartOwnerParams, @Body() body: AddCartItemDto): Promise<Cart> {
    return this.carts.addItem(params.userId, body);
  }

  @Get()
  async find(@Query() query: FindCartsQuery): Promise<{ items: Cart[] }> {
    return { items: await this.carts.findByEmail(query.email) };
  }

  @Get(':userId')
  get(@Param() params: CartOwnerParams): Promise<Cart> {
    return this.carts.get(params.userId);
  }
}
