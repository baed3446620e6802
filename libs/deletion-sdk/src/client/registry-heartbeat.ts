import type { SdkLogger } from '../core/sdk-logger';

/**
 * Announces the service now and then every `intervalMs`, so the coordinator knows it is alive. A failed heartbeat
 * is logged and retried at the next tick: missing one must not take the service down.
 */
export class RegistryHeartbeat {
  private timer: NodeJS.Timeout | undefined;
  private pending: Promise<void> | undefined;
  private running = false;

  constructor(
    private readonly announce: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly logger: SdkLogger,
  ) {}

  /** Sends the first announcement and fails if it cannot, since that points at configuration, not bad luck. */
  async start(): Promise<void> {
    if (this.running) return;
    await this.announce();
    this.running = true;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.pending;
  }

  private schedule(): void {
    // A chain of timeouts rather than an interval, so a slow send never overlaps the next one.
    this.timer = setTimeout(() => {
      this.pending = this.announce()
        .catch((err: unknown) =>
          this.logger.warn('registry heartbeat failed', { error: (err as Error).message }),
        )
        .finally(() => {
          this.pending = undefined;
          if (this.running) this.schedule();
        });
    }, this.intervalMs);
    // Heartbeats alone should not keep a process alive that is otherwise done.
    this.timer.unref();
  }
}
