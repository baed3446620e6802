/** Where a poller reports a failed pass; Nest's `Logger` is one. */
export interface PollerLog {
  warn(message: string): void;
}

export interface IntervalPollerOptions {
  /** Names the work in the log line of a failed pass: `<what> failed, will retry: <reason>`. */
  what: string;
  /** One pass over what is due. Its own loops should end early once `stopped` is true. */
  pass: () => Promise<unknown>;
  log: PollerLog;
  /**
   * What a tick or a nudge does while a pass runs: `skip` it (the running pass is doing that work), or `again`
   * (one more pass right after, for work that arrived after the running pass looked).
   */
  whileRunning: 'skip' | 'again';
}

export interface PollerStart {
  intervalMs: number;
  /** Run the first pass now rather than one interval after the start. */
  passNow: boolean;
}

/**
 * Runs a PostgreSQL-driven pass on an interval, the one loop every poller shares: passes never overlap within a
 * process; a failed pass is logged and backed off (nothing runs before the next tick, nudges included, so a
 * database outage does not turn nudges into a busy loop); stopping lets the pass in flight finish. The due work is
 * found again by every pass, so a skipped or dropped tick loses nothing.
 */
export class IntervalPoller {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private backingOff = false;
  private halted = false;

  constructor(private readonly options: IntervalPollerOptions) {}

  /** True once the poller was halted or stopped: no pass starts, and a running one should end early. */
  get stopped(): boolean {
    return this.halted;
  }

  start({ intervalMs, passNow }: PollerStart): void {
    if (this.halted) return;
    clearInterval(this.timer);
    this.timer = setInterval(() => this.tick(), intervalMs);
    if (passNow) this.nudge();
  }

  /** Asks for a pass soon. */
  nudge(): void {
    if (this.halted || this.backingOff) return;
    if (this.running) {
      if (this.options.whileRunning === 'again') this.again = true;
      return;
    }
    this.running = this.runPass();
  }

  /** No pass starts after this, and the timer is gone; the pass in flight (if any) runs on. */
  halt(): void {
    this.halted = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Halts, then waits for the pass in flight. */
  async stop(): Promise<void> {
    this.halt();
    await this.running;
  }

  private tick(): void {
    this.backingOff = false;
    this.nudge();
  }

  private async runPass(): Promise<void> {
    try {
      await this.options.pass();
    } catch (error) {
      this.again = false;
      this.backingOff = true;
      this.options.log.warn(
        `${this.options.what} failed, will retry: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    this.running = undefined;
    if (this.again) {
      this.again = false;
      this.nudge();
    }
  }
}
