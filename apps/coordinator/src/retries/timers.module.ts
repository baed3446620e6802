import { Global, Module } from '@nestjs/common';
import { TimerQueue } from './timer-queue';

/** The BullMQ queue on its own, so dispatch and retries can both schedule without depending on each other. */
@Global()
@Module({ providers: [TimerQueue], exports: [TimerQueue] })
export class TimersModule {}
