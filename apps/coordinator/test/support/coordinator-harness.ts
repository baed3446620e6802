import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DeletionClient, ErasureHandler, silentLogger, VerifyHandler } from '@lethe/deletion-sdk';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { AppModule } from '../../src/app.module';
import { configureCoordinatorApp, startCoordinatorApp } from '../../src/app.setup';
import { Clock } from '../../src/common/clock';
import { CoordinatorConfig, loadCoordinatorConfig } from '../../src/config/coordinator-config';
import { KeyRing } from '../../src/crypto/key-ring';
import { createCoordinatorLogger } from '../../src/logging/coordinator-logger';
import { dropDatabase, ensureDatabase } from '../../../../scripts/lib/postgres';
import { messagesWritten, waitUntilConsumed } from './consumed';
import { deleteRedisKeys } from './redis-keys';
import { TEST_KAFKA_MAX_WAIT_MS } from './test-kafka';

const PG_URL = process.env.LETHE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A clock tests can move; starts at the real time. */
export class TestClock extends Clock {
  private offsetMs = 0;
  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface ServiceHandle {
  client: DeletionClient;
  stop(): Promise<void>;
}

/**
 * The coordinator running in-process against real PostgreSQL, Kafka and Redis, isolated for one spec: its own
 * database, topic prefix (so its own topics and consumer groups) and Redis key prefix.
 */
export class CoordinatorHarness {
  readonly name: string;
  readonly adminApiKey: string;
  readonly clock: TestClock;
  private readonly secretKey: string;
  /** The first harness owns the database and topics; a replica shares them and leaves them to it. */
  private readonly primary: CoordinatorHarness | undefined;
  app!: INestApplication;
  config!: CoordinatorConfig;
  url!: string;
  private readonly services: ServiceHandle[] = [];
  private readonly databaseUrl: string;
  private coordinatorDatabaseUrl?: string;

  constructor(
    private readonly env: Record<string, string> = {},
    primary?: CoordinatorHarness,
  ) {
    this.primary = primary;
    this.name = primary?.name ?? `it_${randomBytes(4).toString('hex')}`;
    this.adminApiKey = primary?.adminApiKey ?? `it_${randomBytes(16).toString('hex')}`;
    this.secretKey = primary?.secretKey ?? randomBytes(32).toString('hex');
    // replicas read one clock, as processes on one host do
    this.clock = primary?.clock ?? new TestClock();
    const url = new URL(PG_URL);
    url.pathname = `/lethe_${this.name}`;
    this.databaseUrl = url.toString();
  }

  /** The coordinator reaches its database through this port of 127.0.0.1 (a proxy); the harness itself does not. */
  routeDatabaseThrough(port: number): this {
    const url = new URL(this.databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(port);
    this.coordinatorDatabaseUrl = url.toString();
    return this;
  }

  /**
   * A second coordinator on this one's database, topics, secret and admin key: a replica, as in production. Start
   * it after this one (the database must exist); stopping it leaves the shared database and topics alone.
   */
  replica(env: Record<string, string> = this.env): CoordinatorHarness {
    return new CoordinatorHarness(env, this);
  }

  async start(): Promise<this> {
    await ensureDatabase(this.databaseUrl);
    this.config = loadCoordinatorConfig({
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: this.coordinatorDatabaseUrl ?? this.databaseUrl,
      KAFKA_BROKERS: requiredBrokers(),
      LETHE_TOPIC_PREFIX: `${this.name}.`,
      LETHE_ADMIN_API_KEY: this.adminApiKey,
      LETHE_SECRET_KEY: this.secretKey,
      LETHE_OUTBOX_POLL_INTERVAL_MS: '100',
      LETHE_KAFKA_MAX_WAIT_MS: String(TEST_KAFKA_MAX_WAIT_MS),
      // tests fire requests far faster than any client should; a spec of the limit itself sets its own
      LETHE_RATE_LIMIT_PER_MINUTE: '0',
      LETHE_LIVE_RATE_LIMIT_PER_MINUTE: '0',
      ...this.env,
    });
    return this.boot();
  }

  /**
   * Closes the coordinator as a deployment would stop it, and starts a new one on the same database, topics and
   * secrets: what survives is only what PostgreSQL, Kafka and Redis hold.
   */
  /** Closes the coordinator and starts a new one on the same database; `whileDown` runs in between. */
  async restart(whileDown: () => Promise<void> = async () => undefined): Promise<this> {
    await this.app.close();
    await whileDown();
    return this.boot();
  }

  private async boot(): Promise<this> {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(CoordinatorConfig)
      .useValue(this.config)
      .overrideProvider(Clock)
      .useValue(this.clock)
      .compile();
    this.app = moduleRef.createNestApplication({ logger: createCoordinatorLogger('warn') });
    configureCoordinatorApp(this.app, this.config);
    await startCoordinatorApp(this.app, this.config);
    this.url = (await this.app.getUrl()).replace('[::1]', '127.0.0.1');
    return this;
  }

  get keys(): KeyRing {
    return this.app.get(KeyRing);
  }

  /** Starts a real SDK client for `service` on this coordinator's topics, with verify handlers if given. */
  async startService(
    service: string,
    handlers: Record<string, ErasureHandler>,
    verifyHandlers: Record<string, VerifyHandler> = {},
  ): Promise<ServiceHandle> {
    const client = new DeletionClient({
      service,
      brokers: this.config.kafkaBrokers,
      topicPrefix: this.config.topicPrefix,
      signingKey: this.keys.signingKeyFor(service),
      commandVerificationKeys: this.commandVerificationKeys(),
      identityTypes: ['email', 'user_id'],
      dataCategories: ['test'],
      heartbeatIntervalMs: 1000,
      localRetry: { attempts: 1 },
      consumer: { maxWaitTimeInMs: TEST_KAFKA_MAX_WAIT_MS },
      logger: silentLogger,
    });
    for (const [name, handler] of Object.entries(handlers)) client.onErasure(name, handler);
    for (const [name, handler] of Object.entries(verifyHandlers)) client.onVerify(name, handler);
    await client.start();
    const handle = { client, stop: () => (client.isRunning ? client.stop() : Promise.resolve()) };
    this.services.push(handle);
    return handle;
  }

  /** The coordinator's command public keys, as a service is configured with them. */
  commandVerificationKeys(): { id: string; publicKey: string }[] {
    return this.keys.commandPublicKeys().map(({ id, raw }) => ({ id, publicKey: raw }));
  }

  /** Stops every SDK client this harness started (the services go silent). */
  async stopServices(): Promise<void> {
    await Promise.allSettled(this.services.splice(0).map((s) => s.stop()));
  }

  kafkaAdmin() {
    return new Kafka({ brokers: this.config.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
  }

  /**
   * Waits until this coordinator's consumer group `<prefix><group>` (e.g. `lethe-coordinator-results`) has applied
   * every message written to `topic` before the call.
   */
  async waitUntilConsumed(group: string, topic: string): Promise<void> {
    const groupId = `${this.config.topicPrefix}${group}`;
    await waitUntilConsumed(this.config.kafkaBrokers, groupId, topic, (what, probe) =>
      this.waitFor(what, probe),
    );
  }

  /** How many messages were ever written to `topic`. */
  messagesWritten(topic: string): Promise<number> {
    return messagesWritten(this.config.kafkaBrokers, topic);
  }

  async waitForService(service: string): Promise<void> {
    await this.waitFor(`${service} to register`, async () => {
      const { body } = await this.api<{ items: { name: string }[] }>('GET', '/v1/services');
      return body.items?.some((s) => s.name === service) ? true : undefined;
    });
  }

  async api<T = Record<string, unknown>>(
    method: string,
    route: string,
    body?: unknown,
    key: string | null = this.adminApiKey,
  ): Promise<{ status: number; body: T; text: string }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key !== null) headers.authorization = `Bearer ${key}`;
    const response = await fetch(this.url + route, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: parseJson(text) as T, text };
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.services.map((s) => s.stop()));
    // a test that crashed this coordinator on purpose has closed it already
    await this.app?.close().catch(() => undefined);
    if (this.primary) return;
    await deleteTopics(this.config.kafkaBrokers, this.config.topicPrefix).catch(() => undefined);
    await dropDatabase(this.databaseUrl);
    // its timer queue's keys (the BullMQ prefix is the topic prefix's; never an unprefixed environment's)
    if (!this.config.topicPrefix) return;
    const redis = new Redis(this.config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await deleteRedisKeys(redis, [`${this.config.topicPrefix}lethe:*`])
      .catch(() => undefined)
      .finally(() => redis.disconnect());
  }
}

/** The body as JSON, or undefined when it is empty or not JSON (e.g. the Prometheus text of /metrics). */
function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function requiredBrokers(): string {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: the jest global setup should have set it');
  return brokers;
}

async function deleteTopics(brokers: string[], prefix: string): Promise<void> {
  const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}
