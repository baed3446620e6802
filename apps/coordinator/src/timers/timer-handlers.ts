import { Injectable } from '@nestjs/common';
import { TimerJob } from './timer-jobs';

type TimerName = TimerJob['name'];
type TimerData<N extends TimerName> = Extract<TimerJob, { name: N }>['data'];
export type TimerHandler<N extends TimerName> = (data: TimerData<N>) => Promise<void>;

/**
 * Who runs which timer. The features that own a timer (retries, deadlines) register their handler at module
 * init, so timers depend on no feature and every feature can schedule without a cycle. A job name has one owner.
 */
@Injectable()
export class TimerHandlers {
  private readonly handlers = new Map<TimerName, (data: never) => Promise<void>>();

  register<N extends TimerName>(name: N, handler: TimerHandler<N>): void {
    if (this.handlers.has(name)) throw new Error(`timer "${name}" already has a handler`);
    this.handlers.set(name, handler as (data: never) => Promise<void>);
  }

  /** The handler for a job, or undefined when no feature owns its name. */
  find<N extends TimerName>(name: N): TimerHandler<N> | undefined {
    return this.handlers.get(name) as TimerHandler<N> | undefined;
  }
}
