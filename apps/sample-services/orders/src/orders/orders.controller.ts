import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CreateOrderDto } from './dto/create-order.dto';
import { FindOrdersQuery } from './dto/find-orders.query';
import { OrdersService, OrderView } from './orders.service';

/** A tiny API to place orders and watch them lose their personal fields (but stay) after an erasure. */
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  create(@Body() body: CreateOrderDto): Promise<OrderView> {
    return this.orders.create(body);
  }

  @Get()
  async find(@Query() query: FindOrdersQuery): Promise<{ items: OrderView[] }> {
    return { items: await this.orders.find(query) };
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<OrderView> {
    return this.orders.get(id);
  }
}
