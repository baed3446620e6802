import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { dropDatabase, ensureDatabase } from '../../../../scripts/lib/postgres';
import { DATABASE_APPS, SAMPLE_SERVICES, Stack, startStack } from '../../../../scripts/lib/stack';
import { waitUntilConsumed } from './consumed';
import { deleteRedisKeys } from './redis-keys';
import { TEST_KAFKA_MAX_WAIT_MS } from './test-kafka';

const PG_URL = process.env.LETHE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.LETHE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A whole Lethe (coordinator + sample services as real processes) isolated for one spec: its own databases, its
 * own topic namespace and consumer groups on the shared broker, its own cart keys in Redis, its own secrets.
 */
export class E2eEnvironment {
  readonly adminApiKey = `e2e_${randomBytes(16).toString('hex')}`;
  /** The coordinator's LETHE_SECRET_KEY, from which each service's signing secret is derived. */
  readonly secretKey = randomBytes(32).toString('hex');
  readonly databaseUrls: Record<string, string> = {};
  readonly cartKeyPrefix: string;
  stack!: Stack;
  private kafkaBrokers: string[] = [];
  private readonly logs: string[] = [];
  private redis?: Redis;

  constructor(readonly name = `e2e_${randomBytes(4).toString('hex')}`) {
    this.cartKeyPrefix = `lethe:cart:${name}`;
    for (const app of DATABASE_APPS) {
      const url = new URL(PG_URL);
      url.pathname = `/lethe_${this.name}_${app}`;
      this.databaseUrls[app] = url.toString();
    }
  }

  /** Puts `app`'s database on another PostgreSQL server (one a scenario restarts, say); call it before start(). */
  placeDatabase(app: string, serverUrl: string): void {
    const url = new URL(serverUrl);
    url.pathname = new URL(this.databaseUrls[app]).pathname;
    this.databaseUrls[app] = url.toString();
  }

  /**
   * `env`: extra variables for every app, e.g. shorter retry delays. `coordinatorDatabaseUrl`: what the
   * coordinator connects to instead of its database, e.g. a FreezableTcpProxy in front of it. `appEnv`: variables
   * of one app only (the webhook vendor's secret). `label`: prefixed to the log names, for a second environment.
   * `readyTimeoutMs`: how long each process may take to start. `kafkaBrokers`: a broker of the spec's own instead of
   * the one the jest global setup provides (KAFKA_BROKERS).
   */
  async start(
    services: string[] = SAMPLE_SERVICES,
    env: Record<string, string> = {},
    options: {
      coordinatorDatabaseUrl?: string;
      appEnv?: Record<string, Record<string, string>>;
      label?: string;
      readyTimeoutMs?: number;
      kafkaBrokers?: string;
    } = {},
  ): Promise<void> {
    const brokers = options.kafkaBrokers ?? process.env.KAFKA_BROKERS;
    if (!brokers) throw new Error('KAFKA_BROKERS is not set: the jest global setup should have set it');
    this.kafkaBrokers = brokers.split(',');
    for (const url of Object.values(this.databaseUrls)) await ensureDatabase(url);
    this.stack = await startStack({
      kafkaBrokers: brokers,
      topicPrefix: `${this.name}.`,
      secretKey: this.secretKey,
      adminApiKey: this.adminApiKey,
      databaseUrls: this.databaseUrls,
      services,
      cartKeyPrefix: this.cartKeyPrefix,
      coordinatorDatabaseUrl: options.coordinatorDatabaseUrl,
      appEnv: options.appEnv,
      label: options.label,
      // no rate limits: tests fire requests far faster than any client should
      env: {
        LETHE_OUTBOX_POLL_INTERVAL_MS: '100',
        LETHE_KAFKA_MAX_WAIT_MS: String(TEST_KAFKA_MAX_WAIT_MS),
        LETHE_RATE_LIMIT_PER_MINUTE: '0',
        LETHE_LIVE_RATE_LIMIT_PER_MINUTE: '0',
        ...env,
      },
      log: (line) => this.logs.push(line),
      // a shop's five processes boot side by side; on a loaded 2-core machine one may take over a minute
      readyTimeoutMs: options.readyTimeoutMs ?? 120_000,
    });
  }

  /** Process output, for a failing test's message. */
  recentLogs(lines = 60): string {
    return this.logs.slice(-lines).join('\n');
  }

  /** The process output lines that match, e.g. to show that a fault was met where the scenario meant it to be. */
  logLines(pattern: RegExp): string[] {
    return this.logs.filter((line) => pattern.test(line));
  }

  async stop(): Promise<void> {
    await this.stack?.stop();
    for (const url of Object.values(this.databaseUrls)) await dropDatabase(url);
    // the cart's keys and the coordinator's timer queue: a run leaves nothing of its own in Redis
    await this.flushRedis();
    this.redis?.disconnect();
  }

  async api<T = unknown>(
    method: string,
    route: string,
    body?: unknown,
    key: string | null = this.adminApiKey,
  ) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key !== null) headers.authorization = `Bearer ${key}`;
    const response = await fetch(this.stack.url('coordinator') + route, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async serviceApi<T = unknown>(service: string, method: string, route: string, body?: unknown) {
    const response = await fetch(this.stack.url(service) + route, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  /** Runs one query against a service's own database, to check what really is stored there. */
  async query<T>(app: string, sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.databaseUrls[app] });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** The cart service's keys in Redis (all of this environment's, or those matching `pattern` under its prefix). */
  async cartKeys(pattern = '*'): Promise<string[]> {
    this.redis ??= new Redis(REDIS_URL);
    const keys: string[] = [];
    for await (const batch of this.redis.scanStream({
      match: `${this.cartKeyPrefix}:${pattern}`,
      count: 500,
    })) {
      keys.push(...(batch as string[]));
    }
    return keys.sort();
  }

  /**
   * Deletes every Redis key of this environment (the cart's and the coordinator's BullMQ queues) and nothing else:
   * the FLUSHALL of a shared server, scoped to one environment. Returns how many keys went.
   */
  async flushRedis(): Promise<number> {
    this.redis ??= new Redis(REDIS_URL);
    return deleteRedisKeys(this.redis, [`${this.cartKeyPrefix}:*`, `${this.name}.lethe:*`]);
  }

  /**
   * Waits until the coordinator's consumer group `<name>.<group>` (`lethe-coordinator` reads the registry) has
   * applied every message written to this environment's `<name>.<topic>` before the call.
   */
  async waitUntilConsumed(group: string, topic: string): Promise<void> {
    await waitUntilConsumed(
      this.kafkaBrokers,
      `${this.name}.${group}`,
      `${this.name}.${topic}`,
      (what, probe) => this.waitFor(what, probe),
    );
  }

  async waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${this.recentLogs()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
