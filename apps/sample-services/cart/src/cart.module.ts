import { Module } from '@nestjs/common';
import { HealthController } from '../../shared/health.controller';
import { SampleConfigModule } from '../../shared/sample-config.module';
import { sampleDeletionSdkModule } from '../../shared/sample-deletion-sdk';
import { CartConfig, loadCartConfig } from './cart-config';
import { CartErasureHandler } from './carts/cart-erasure.handler';
import { CartStore } from './carts/cart.store';
import { CartsController } from './carts/carts.controller';
import { CartsService } from './carts/carts.service';
import { CartRedisLifecycle } from './redis/cart-redis.lifecycle';
import { cartRedisProvider } from './redis/cart-redis.provider';

@Module({
  imports: [
    SampleConfigModule.forService(CartConfig, () => loadCartConfig()),
    sampleDeletionSdkModule({ identityTypes: ['email', 'user_id'], dataCategories: ['cart'] }),
  ],
  controllers: [CartsController, HealthController],
  providers: [cartRedisProvider, CartRedisLifecycle, CartStore, CartsService, CartErasureHandler],
})
export class CartModule {}
