import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { CoordinatorConfig } from '../config/coordinator-config';

/**
 * A Redis connection for readiness checks only. It is separate from BullMQ's connections on purpose: those wait
 * and retry for ever (maxRetriesPerRequest: null), while a probe must fail at once when Redis is away.
 */
@Injectable()
export class RedisProbe implements OnModuleInit, OnApplicationShutdown {
  private readonly client: Redis;
  private lastError: string | undefined;

  constructor(config: CoordinatorConfig) {
    this.client = new Redis(config.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2_000,
      connectionName: 'lethe-coordinator-readiness',
    });
    // without a listener ioredis reports every failed reconnect on stderr; the readiness check reports it instead
    this.client.on('error', (error: Error) => (this.lastError = error.message));
    this.client.on('ready', () => (this.lastError = undefined));
  }

  onModuleInit(): void {
    // connects in the background and keeps reconnecting; start-up does not wait for Redis
    this.client.connect().catch(() => undefined);
  }

  async ping(): Promise<void> {
    if (this.client.status !== 'ready') {
      throw new Error(`not connected (${this.lastError ?? this.client.status})`);
    }
    await this.client.ping();
  }

  onApplicationShutdown(): void {
    this.client.disconnect();
  }
}
