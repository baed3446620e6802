import { Module } from '@nestjs/common';
import { TimerHandlers } from './timer-handlers';
import { TimerQueue } from './timer-queue';
import { TimerWorker } from './timer-worker';

/**
 * Timers on BullMQ for dispatch (acknowledgement timeouts), retries and deadlines: the queue to schedule on, and
 * the worker that runs each due job through the handler its feature registered.
 */
@Module({ providers: [TimerQueue, TimerHandlers, TimerWorker], exports: [TimerQueue, TimerHandlers] })
export class TimersModule {}
