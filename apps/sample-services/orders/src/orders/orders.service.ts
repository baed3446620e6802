import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CreateOrderDto } from './dto/create-order.dto';
import { FindOrdersQuery } from './dto/find-orders.query';
import { OrderEntity } from './order.entity';

export interface OrderView {
  id: string;
  orderNumber: string;
  userId: string | null;
  email: string | null;
  customerName: string | null;
  shippingAddress: string | null;
  phone: string | null;
  totalCents: number;
  currency: string;
  placedAt: string;
  /** Set once the customer was erased: the order is kept for tax law without their personal fields. */
  anonymisedAt: string | null;
}

@Injectable()
export class OrdersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(input: CreateOrderDto): Promise<OrderView> {
    const placedAt = new Date();
    const order: OrderEntity = {
      id: randomUUID(),
      orderNumber: `ORD-${placedAt.getUTCFullYear()}-${randomBytes(4).toString('hex').toUpperCase()}`,
      userId: input.userId ?? null,
      email: input.email.trim().toLowerCase(),
      customerName: input.customerName,
      shippingAddress: input.shippingAddress,
      phone: input.phone ?? null,
      totalCents: input.totalCents,
      currency: input.currency.toUpperCase(),
      placedAt,
      anonymisedAt: null,
    };
    await this.dataSource.getRepository(OrderEntity).insert(order);
    return this.get(order.id);
  }

  async get(id: string): Promise<OrderView> {
    const order = await this.dataSource.getRepository(OrderEntity).findOneBy({ id });
    if (!order) throw new NotFoundException(`order ${id} does not exist`);
    return toView(order);
  }

  async find(query: FindOrdersQuery): Promise<OrderView[]> {
    const where = [
      ...(query.email ? [{ email: query.email.trim().toLowerCase() }] : []),
      ...(query.userId ? [{ userId: query.userId }] : []),
    ];
    if (where.length === 0) return [];
    const orders = await this.dataSource
      .getRepository(OrderEntity)
      .find({ where, order: { placedAt: 'ASC' } });
    return orders.map(toView);
  }
}

function toView(order: OrderEntity): OrderView {
  return {
    id: order.id,
    orderNumber: order.orderNumber,
    userId: order.userId,
    email: order.email,
    customerName: order.customerName,
    shippingAddress: order.shippingAddress,
    phone: order.phone,
    totalCents: order.totalCents,
    currency: order.currency,
    placedAt: order.placedAt.toISOString(),
    anonymisedAt: order.anonymisedAt?.toISOString() ?? null,
  };
}
