import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { TIMER_QUEUE, TimerJob, timerJobId } from './timer-jobs';

/** Timers added per addBulk, and the most that wait for Redis before the rest are left to the sweep. */
const FLUSH_SIZE = 1000;
const MAX_PENDING = 100_000;

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
  private pending: ScheduledTimer[] = [];
  private flushing?: Promise<void>;
  private dropped = 0;

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

  /**
   * Schedules timers without waiting: they are collected and added in bulk (one addBulk per flush, not one Redis
   * round trip per request). Losing them costs punctuality only: every due time is in PostgreSQL and the sweep
   * arms what is due before its next pass. Past `MAX_PENDING` waiting timers the newest are left to the sweep.
   */
  arm(timers: ScheduledTimer[]): void {
    if (timers.length === 0) return;
    const room = MAX_PENDING - this.pending.length;
    if (room < timers.length) this.dropped += timers.length - Math.max(room, 0);
    this.pending.push(...timers.slice(0, Math.max(room, 0)));
    this.flushing ??= this.flush().finally(() => (this.flushing = undefined));
  }

  private async flush(): Promise<void> {
    // let the submissions of this tick join the same addBulk
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      await this.schedule(this.pending.splice(0, FLUSH_SIZE));
    }
    if (this.dropped > 0) {
      this.logger.warn(
        `${this.dropped} timer(s) left to the reconciliation sweep: too many waiting for Redis`,
      );
      this.dropped = 0;
    }
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
    await this.flushing;
    await this.queue.close();
    this.connection.disconnect();
  }
}
