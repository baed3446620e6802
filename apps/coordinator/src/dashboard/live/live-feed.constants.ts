/** Tuning of the live feed; the defaults suit production, tests may provide their own under LIVE_FEED_OPTIONS. */
export interface LiveFeedOptions {
  /** How often one replica reads changes from PostgreSQL while at least one dashboard is connected to it. */
  pollIntervalMs: number;
  /** How far back each poll re-reads, for transactions that commit late and clocks that differ between replicas. */
  overlapMs: number;
  /** Rows per read; a full page is followed at once by the next. */
  pageSize: number;
  /** Pages read back to back before yielding to the next interval. */
  maxPagesPerPoll: number;
  /** A comment is sent this often so proxies keep the connection open and dead clients are noticed. */
  keepAliveMs: number;
  /** Streams end after this long and the client reconnects, re-authenticating (a revoked key loses its stream). */
  maxLifetimeMs: number;
}

export const LIVE_FEED_OPTIONS = Symbol('LIVE_FEED_OPTIONS');

export const DEFAULT_LIVE_FEED_OPTIONS: LiveFeedOptions = {
  pollIntervalMs: 1000,
  overlapMs: 5000,
  pageSize: 500,
  maxPagesPerPoll: 20,
  keepAliveMs: 20_000,
  maxLifetimeMs: 10 * 60_000,
};
