import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { TIMER_QUEUE, TimerJob, timerJobId } from './timer-jobs';

export interface ScheduledTimer {
  job: TimerJob;
  at: Date;
}

/**
 * Puts timers on BullMQ. Best effort by design: the ledger records every due time, so when Redis is down or was
 * wiped the reconciliation sweep finds the work anyway; a failure here is logged, never thrown into a request.
 */
@Injectable()
export class TimerQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(TimerQueue.name);
  private readonly connection: Redis;
  readonly queue: Queue;

  constructor(
    config: CoordinatorConfig,
    private readonly clock: Clock,
  ) {
    this.connection = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.connection.on('error', () => undefined); // reported through failed schedule calls and readiness
    this.queue = new Queue(TIMER_QUEUE, {
      connection: this.connection,
      prefix: `${config.topicPrefix}lethe`,
      defaultJobOptions: {
        attempts: 8,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
    });
  }

  async schedule(timers: ScheduledTimer[]): Promise<void> {
    if (timers.length === 0) return;
    const now = this.clock.now().getTime();
    try {
      await this.queue.addBulk(
        timers.map(({ job, at }) => ({
          name: job.name,
          data: job.data,
          opts: { jobId: timerJobId(job), delay: Math.max(0, at.getTime() - now) },
        })),
      );
    } catch (error) {
      this.logger.warn(
        `could not schedule ${timers.length} timer(s) on Redis; the reconciliation sweep will: ${String(error)}`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}
