import type { SubjectIdentity } from '../protocol';

/** How a service reaches the coordinator's suppression list. */
export interface SuppressionCheckerOptions {
  /** The coordinator's base URL, e.g. `https://lethe.internal`. Use TLS: raw identities travel in the body. */
  coordinatorUrl: string;
  /** An API key of the coordinator (role `auditor` or above) for this service. */
  apiKey: string;
  /**
   * How long an answer is reused. A subject erased meanwhile is seen after at most this long.
   * @defaultValue 60000
   */
  cacheTtlMs?: number;
  /**
   * How long calls wait to be sent together in one request.
   * @defaultValue 5
   */
  batchWindowMs?: number;
  /** @defaultValue the global fetch */
  fetch?: typeof fetch;
}

interface Pending {
  identity: SubjectIdentity;
  resolve: (suppressed: boolean) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 500;

/**
 * Asks the coordinator whether a person was erased, so a service does not silently re-create them from a replay, a
 * late event or a restored backup. Calls within `batchWindowMs` share one HTTP request, and answers are cached
 * (only the yes/no, under the value the service already holds). It sends the raw value over the authenticated
 * channel, because the key the coordinator hashes identities with never leaves it.
 */
export class SuppressionChecker {
  private readonly cache = new Map<string, { suppressed: boolean; until: number }>();
  private queue: Pending[] = [];
  private timer?: NodeJS.Timeout;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: SuppressionCheckerOptions) {
    this.fetchFn = options.fetch ?? fetch;
  }

  /** True when a completed erasure named this identity. Rejects when the coordinator cannot be asked. */
  isSuppressed(identity: SubjectIdentity): Promise<boolean> {
    const cached = this.cache.get(cacheKey(identity));
    if (cached && cached.until > Date.now()) return Promise.resolve(cached.suppressed);
    return new Promise((resolve, reject) => {
      this.queue.push({ identity, resolve, reject });
      if (this.queue.length >= MAX_BATCH) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.batchWindowMs ?? 5);
    });
  }

  /** Forgets every cached answer (after an explicit re-registration, for instance). */
  clearCache(): void {
    this.cache.clear();
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue.splice(0, MAX_BATCH);
    if (this.queue.length > 0) this.timer = setTimeout(() => this.flush(), 0);
    if (batch.length > 0) void this.send(batch);
  }

  private async send(batch: Pending[]): Promise<void> {
    try {
      const response = await this.fetchFn(new URL('/v1/suppression/check', this.options.coordinatorUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          identities: batch.map(({ identity }) => ({ type: identity.type, value: identity.value })),
        }),
      });
      if (!response.ok) throw new Error(`suppression check failed with HTTP ${response.status}`);
      const { results } = (await response.json()) as { results?: { suppressed?: unknown }[] };
      if (!Array.isArray(results) || results.length !== batch.length) {
        throw new Error('suppression check answered with the wrong number of results');
      }
      const until = Date.now() + (this.options.cacheTtlMs ?? 60_000);
      batch.forEach((pending, index) => {
        const suppressed = results[index]?.suppressed === true;
        this.cache.set(cacheKey(pending.identity), { suppressed, until });
        pending.resolve(suppressed);
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}

function cacheKey(identity: SubjectIdentity): string {
  return `${identity.type}:${identity.value}`;
}
