import { Module } from '@nestjs/common';
import { HealthController } from '../../shared/health.controller';
import { SampleConfigModule } from '../../shared/sample-config.module';
import { sampleTypeOrmModule } from '../../shared/sample-database';
import { sampleDeletionSdkModule } from '../../shared/sample-deletion-sdk';
import { loadPostgresServiceConfig, PostgresServiceConfig } from '../../shared/sample-service-config';
import { ORDERS_SCHEMA } from './database/orders-schema';
import { OrdersErasureHandler } from './orders/orders-erasure.handler';
import { OrdersController } from './orders/orders.controller';
import { OrdersService } from './orders/orders.service';

@Module({
  imports: [
    SampleConfigModule.forService(PostgresServiceConfig, () =>
      loadPostgresServiceConfig({ service: 'orders', port: 3102, database: 'lethe_orders' }),
    ),
    sampleTypeOrmModule(ORDERS_SCHEMA),
    sampleDeletionSdkModule({
      identityTypes: ['email', 'user_id'],
      dataCategories: ['order', 'contact', 'shipping-address'],
    }),
  ],
  controllers: [OrdersController, HealthController],
  providers: [OrdersService, OrdersErasureHandler],
})
export class OrdersModule {}
