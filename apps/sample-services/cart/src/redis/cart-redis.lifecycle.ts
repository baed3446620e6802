import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DeletionClient, InjectDeletionClient } from '@lethe/deletion-sdk';
import { Redis } from 'ioredis';
import { CART_REDIS } from './cart-redis.constants';

/** Closes Redis at shutdown, but only after the deletion client has finished the command in hand. */
@Injectable()
export class CartRedisLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(CART_REDIS) private readonly redis: Redis,
    @InjectDeletionClient() private readonly deletionClient: DeletionClient,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    // Nest stops the root module's providers before the SDK's global module; stop() is idempotent
    await this.deletionClient.stop();
    await this.redis.quit();
  }
}
