/**
 * A small time-bounded cache for API key lookups. `invalidate` also fences loads that were already in flight: a
 * value read from the database before a revocation committed cannot be stored after it (see `version`).
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Take this before loading a value, and hand it to `set`. */
  version(): number {
    return this.generation;
  }

  set(key: string, value: V, loadedAtVersion: number): void {
    if (this.ttlMs <= 0 || loadedAtVersion !== this.generation) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      // Map iterates in insertion order, so this drops the entry stored longest ago
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
  }

  invalidate(key: string): void {
    this.generation += 1;
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
