/**
 * Keeps the last statistics of this replica, so a room full of open dashboards does not recount a million requests
 * for each of them. Pure apart from the computation it is handed.
 *
 * A cached value is served while its key is unchanged: the key holds the ledger's version (the latest change to any
 * request or task) and the current minute, so an idle ledger is never recounted and a busy one or the passing of time
 * (requests falling overdue, the 30-day window moving) is. Even then a value younger than `minAgeMs` is served, so
 * under a steady stream of writes the counting happens at most once per `minAgeMs`; callers see `generatedAt` and can
 * ask again. Concurrent callers share one computation.
 */
export class StatsCache<T> {
  private cached: { key: string; at: number; value: T } | undefined;
  private inFlight: { key: string; value: Promise<T> } | undefined;

  constructor(private readonly minAgeMs: number) {}

  async get(key: string, now: number, compute: () => Promise<T>): Promise<T> {
    const cached = this.cached;
    if (cached && (cached.key === key || now - cached.at < this.minAgeMs)) return cached.value;
    if (this.inFlight) return this.inFlight.value;
    const value = compute();
    this.inFlight = { key, value };
    try {
      const result = await value;
      this.cached = { key, at: now, value: result };
      return result;
    } finally {
      this.inFlight = undefined;
    }
  }
}
