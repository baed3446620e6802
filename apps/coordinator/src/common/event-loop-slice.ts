/**
 * Splits CPU-bound batch work (verifying or signing hundreds of messages) into slices of a few milliseconds, so
 * the HTTP path and timers of the same process run between slices instead of waiting for the whole batch.
 */
export class EventLoopSlice {
  private started: number;

  constructor(
    private readonly budgetMs = 4,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  /** Resolves at once while the slice has budget left; otherwise after one turn of the event loop. */
  async yieldIfSpent(): Promise<void> {
    if (this.now() - this.started < this.budgetMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.started = this.now();
  }
}
