import type { FactoryProvider } from '@nestjs/common';
import { Redis } from 'ioredis';
import { CartConfig } from '../cart-config';
import { CART_REDIS } from './cart-redis.constants';

/** Connects at boot, so a service without its store fails to start instead of failing every command. */
export const cartRedisProvider: FactoryProvider<Redis> = {
  provide: CART_REDIS,
  inject: [CartConfig],
  useFactory: async (config: CartConfig) => {
    const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      throw error;
    }
    return redis;
  },
};
