import type { Consumer } from 'kafkajs';

/** What the supervisor says of one consumer; `stopped` is the one readiness reports as down. */
export type ConsumerStatus = 'running' | 'restarting' | 'stopped';

export interface SupervisedConsumer {
  name: string;
  status: ConsumerStatus;
  /** The name of the error of the last crash (never its message, which may quote a record). */
  lastError?: string;
}

export interface SupervisorLogger {
  warn(message: string): void;
  error(message: string): void;
}

export interface SupervisorTimers {
  setTimeout(run: () => void, ms: number): NodeJS.Timeout;
  clearTimeout(timer: NodeJS.Timeout): void;
}

/** What the supervisor uses of a kafkajs consumer. */
export interface WatchedConsumer {
  readonly events: { readonly CRASH: string; readonly GROUP_JOIN: string };
  on(event: string, listener: (event: { payload: CrashPayload }) => void): unknown;
  disconnect(): Promise<void>;
}

interface CrashPayload {
  error?: Error;
  restart?: boolean;
}

/** How to make one consumer: `create` builds it (not connected), `begin` connects, subscribes and runs it. */
export interface ConsumerRecipe<C> {
  create: () => C;
  begin: (consumer: C) => Promise<void>;
}

interface Entry<C extends WatchedConsumer> {
  state: SupervisedConsumer;
  recipe: ConsumerRecipe<C>;
  consumer?: C;
  timer?: NodeJS.Timeout;
  failures: number;
  closing: boolean;
}

/** Pause before starting a consumer again: 1 s, doubling to at most a minute. */
export function restartDelayMs(failures: number): number {
  return Math.min(60_000, 1_000 * 2 ** Math.max(0, failures - 1));
}

/**
 * Keeps the coordinator's own Kafka consumers consuming. kafkajs starts a consumer again after a crash it deems
 * retriable; after any other crash the consumer stays stopped while the process lives on, and the results it
 * should apply wait in Kafka until the acknowledgement timeouts burn every task's attempts. The supervisor starts
 * such a consumer again (a new one, from the committed offsets) with a growing pause, and says meanwhile that it
 * is stopped, which readiness reports.
 */
export class ConsumerSupervisor<C extends WatchedConsumer = Consumer> {
  private readonly entries = new Map<string, Entry<C>>();

  constructor(
    private readonly logger: SupervisorLogger,
    private readonly timers: SupervisorTimers = { setTimeout, clearTimeout },
  ) {}

  /**
   * Makes a consumer by `recipe` and watches it from before it joins its group. A failure of this first start is
   * the caller's, as before; the starts after a crash are the supervisor's.
   */
  async run(name: string, recipe: ConsumerRecipe<C>): Promise<C> {
    const entry: Entry<C> = { state: { name, status: 'running' }, recipe, failures: 0, closing: false };
    this.entries.set(name, entry);
    const consumer = recipe.create();
    this.adopt(entry, consumer);
    await recipe.begin(consumer);
    return consumer;
  }

  /** Every supervised consumer, as last seen. */
  list(): SupervisedConsumer[] {
    return [...this.entries.values()].map((entry) => ({ ...entry.state }));
  }

  /** Consumers that crashed for good and are not yet consuming again. */
  stopped(): SupervisedConsumer[] {
    return this.list().filter((consumer) => consumer.status === 'stopped');
  }

  /** Stops watching `name` and disconnects it; no start follows. */
  async stop(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) return;
    entry.closing = true;
    if (entry.timer) this.timers.clearTimeout(entry.timer);
    this.entries.delete(name);
    await entry.consumer?.disconnect().catch(() => undefined);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((name) => this.stop(name)));
  }

  private adopt(entry: Entry<C>, consumer: C): void {
    entry.consumer = consumer;
    const { name } = entry.state;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (entry.consumer !== consumer) return;
      entry.failures = 0;
      entry.state = { name, status: 'running' };
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (entry.consumer !== consumer || entry.closing) return;
      const lastError = payload.error?.name ?? 'Error';
      if (payload.restart) {
        this.logger.warn(`${name} consumer crashed (${lastError}); kafkajs starts it again`);
        entry.state = { name, status: 'restarting', lastError };
        return;
      }
      entry.state = { name, status: 'stopped', lastError };
      this.schedule(entry, `${name} consumer crashed for good (${lastError})`);
    });
  }

  private schedule(entry: Entry<C>, why: string): void {
    entry.failures += 1;
    const delay = restartDelayMs(entry.failures);
    this.logger.error(`${why}; starting a new one in ${delay} ms`);
    entry.timer = this.timers.setTimeout(() => void this.restart(entry), delay);
  }

  private async restart(entry: Entry<C>): Promise<void> {
    entry.timer = undefined;
    if (entry.closing) return;
    const { name } = entry.state;
    await entry.consumer?.disconnect().catch(() => undefined);
    try {
      const consumer = entry.recipe.create();
      entry.state = { name, status: 'restarting', lastError: entry.state.lastError };
      // watched before it joins: its GROUP_JOIN says it consumes again
      this.adopt(entry, consumer);
      await entry.recipe.begin(consumer);
      if (entry.closing) await consumer.disconnect().catch(() => undefined);
    } catch (error) {
      const lastError = error instanceof Error ? error.name : 'Error';
      entry.state = { name, status: 'stopped', lastError };
      this.schedule(entry, `${name} consumer could not be started again (${lastError})`);
    }
  }
}
