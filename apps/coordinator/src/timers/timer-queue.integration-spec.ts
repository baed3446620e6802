import { randomBytes, randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { ScheduledTimer, TimerQueue } from './timer-queue';
import { TIMER_QUEUE } from './timer-jobs';

const REDIS_URL = process.env.LETHE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('TimerQueue.arm (real Redis)', () => {
  const prefix = `it_${randomBytes(4).toString('hex')}.`;
  const config = { redisUrl: REDIS_URL, topicPrefix: prefix } as CoordinatorConfig;
  const ackTimer = (at: Date): ScheduledTimer => ({
    job: { name: 'task.ack-timeout', data: { taskId: randomUUID(), attempt: 1 } },
    at,
  });

  afterAll(async () => {
    const connection = new Redis(REDIS_URL);
    const queue = new Queue(TIMER_QUEUE, { connection, prefix: `${prefix}lethe` });
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
  });

  it('adds what it was given in bulk without being awaited, once per timer however often it is armed', async () => {
    const timers = new TimerQueue(config, new Clock());
    const later = new Date(Date.now() + 3_600_000);
    const armed = Array.from({ length: 1500 }, () => ackTimer(later));
    timers.arm(armed.slice(0, 1000));
    timers.arm(armed);
    // shutting down waits for the armed timers to be flushed
    await timers.onApplicationShutdown();

    const connection = new Redis(REDIS_URL);
    const queue = new Queue(TIMER_QUEUE, { connection, prefix: `${prefix}lethe` });
    try {
      await expect(queue.getDelayedCount()).resolves.toBe(1500);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });
});
