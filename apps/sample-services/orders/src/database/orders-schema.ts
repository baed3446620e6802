import type { SampleDatabaseSchema } from '../../../shared/sample-database';
import { OrderEntity } from '../orders/order.entity';
import { Orders1795000000000 } from './migrations/1795000000000-orders';

export const ORDERS_SCHEMA: SampleDatabaseSchema = {
  entities: [OrderEntity],
  migrations: [Orders1795000000000],
};
