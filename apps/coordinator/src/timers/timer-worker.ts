import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { CoordinatorConfig } from '../config/coordinator-config';
import { TimerHandlers } from './timer-handlers';
import { TIMER_QUEUE, TimerJob } from './timer-jobs';

const ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * Runs due timers. A thin edge: each job calls the one handler its owning feature registered, which re-checks
 * the ledger before acting.
 */
@Injectable()
export class TimerWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TimerWorker.name);
  private worker?: Worker;
  private connection?: Redis;
  private lastErrorLogAt = 0;

  constructor(
    private readonly config: CoordinatorConfig,
    private readonly handlers: TimerHandlers,
  ) {}

  onApplicationBootstrap(): void {
    this.connection = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null });
    this.worker = new Worker(TIMER_QUEUE, (job: Job) => this.run(job as unknown as Job<TimerJob['data']>), {
      connection: this.connection,
      prefix: `${this.config.topicPrefix}lethe`,
      concurrency: 4,
    });
    // Redis being away is expected now and then (the sweep covers for it); say so now and then, not per retry
    this.worker.on('error', (error) => {
      if (Date.now() - this.lastErrorLogAt < ERROR_LOG_INTERVAL_MS) return;
      this.lastErrorLogAt = Date.now();
      this.logger.warn(`timer worker cannot reach Redis; timers wait for the sweep: ${error.message}`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    this.connection?.disconnect();
  }

  private async run(job: Job<TimerJob['data']>): Promise<void> {
    const timer = { name: job.name, data: job.data } as TimerJob;
    const handler = this.handlers.find(timer.name);
    if (!handler) throw new UnrecoverableError(`unknown timer job "${job.name}"`);
    await (handler as (data: TimerJob['data']) => Promise<void>)(timer.data);
  }
}
