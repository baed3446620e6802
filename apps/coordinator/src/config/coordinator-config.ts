import { EnvReader } from '@lethe/config';
import { availableParallelism } from 'node:os';
import { DatabaseTimeouts, DEFAULT_DATABASE_TIMEOUTS, validateDatabaseTimeouts } from './database-timeouts';
import { DEFAULT_RETRY_POLICY, RetryPolicy, validateRetryPolicy } from '../retries/retry-policy';
import { loadOpenDsrSettings, OpenDsrSettings } from './opendsr-config';
import { loadTargetSettings, TargetSettings } from './targets-config';
import { letheTopics, LetheTopics, TOPIC_PREFIX_PATTERN } from '@lethe/deletion-sdk/protocol';
import { HttpHardeningConfig, readHttpHardeningConfig } from './http-config';
import { BulkConfig, readBulkConfig } from './bulk-config';
import { DEFAULT_COMMAND_RETENTION_MS } from '@lethe/deletion-sdk/protocol';
import { invalidHolidays } from '../deadlines/business-days';
import { isValidTimeZone, LegalCalendar } from '../deadlines/legal-calendar';

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every setting of the coordinator, typed. Built once at boot by `loadCoordinatorConfig`; nothing else reads env. */
export interface EscalationDeliverySettings {
  pollIntervalMs: number;
  /** Delay after the first failed delivery; doubled per failure up to maxDelayMs, retried until delivered. */
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export interface VerificationSettings {
  enabled: boolean;
  /** How long after a request completed its services are asked whether the subject is still there. */
  afterMs: number;
  pollIntervalMs: number;
  /** Requests scheduled (and verification commands published) per transaction. */
  batchSize: number;
}

export class CoordinatorConfig {
  port: number;
  logLevel: LogLevel;
  databaseUrl: string;
  /** Pool size and the timeouts that keep a hung query or connection from freezing the coordinator. */
  databaseTimeouts: DatabaseTimeouts;
  migrateOnStart: boolean;
  kafkaBrokers: string[];
  kafkaClientId: string;
  /**
   * Longest a consumer's fetch waits at the broker for new messages. A message is delivered as soon as it arrives
   * either way; this bounds how long stopping a consumer waits for the fetch in flight (tests shorten it).
   */
  kafkaMaxWaitMs: number;
  /** Namespace prefix of every topic and consumer group, shared with the services of this environment. */
  topicPrefix: string;
  /** The protocol's topic names under `topicPrefix`. */
  topics: LetheTopics;
  /** Bootstrap admin credential; further keys are issued through the API. */
  adminApiKey: string;
  /** How long an API key lookup is cached per replica; a revocation reaches other replicas within this time. */
  apiKeyCacheTtlMs: number;
  /** Root secret from which identity-hash, signing and encryption keys are derived (see crypto/key-ring.ts). */
  secretKey: string;
  signingKeyId: string;
  /** Earlier key ids still accepted on incoming messages while services roll over to the current one. */
  previousSigningKeyIds: string[];
  commandTopicPartitions: number;
  /** `retention.ms` of command topics and their dead letters: commands carry raw identities, so they age out. */
  commandRetentionMs: number;
  outboxPollIntervalMs: number;
  outboxBatchSize: number;
  /** Relay passes that claim and publish side by side (each its own transaction, rows claimed SKIP LOCKED). */
  outboxConcurrency: number;
  /** Results applied per transaction by the batch consumer. */
  resultBatchSize: number;
  /** Most submissions committed in one intake transaction, and intake transactions running at once. */
  intakeGroupSize: number;
  intakeConcurrency: number;
  serviceStaleAfterMs: number;
  /** Redis for BullMQ timers (acknowledgement timeouts, retries, deadlines); Postgres stays the source of truth. */
  redisUrl: string;
  retryPolicy: RetryPolicy;
  /** The time zone legal days are counted in, and the holidays that are not business days there. */
  deadlineCalendar: LegalCalendar;
  /** How long before its due date a request is escalated as "at risk". */
  atRiskLeadMs: number;
  /** Receives at-risk and overdue escalations as JSON POSTs when set. */
  escalationWebhookUrl: string | null;
  /** The escalation webhook's outbox: how often it is polled, its backoff and the timeout of one POST. */
  escalationDelivery: EscalationDeliverySettings;
  /** How often the reconciliation sweep rebuilds timers and re-drives overdue work from the ledger. */
  sweepIntervalMs: number;
  /** How long after a request is completed or cancelled its raw identities are crypto-shredded. */
  shredAfterMs: number;
  /** Requests shredded per transaction. */
  shredBatchSize: number;
  /** How often the shredder looks in PostgreSQL for requests whose window has ended. */
  shredPollIntervalMs: number;
  /** The verification pass (verification/): whether it runs, how long after completion, how often it polls. */
  verification: VerificationSettings;
  /** How often lapsed legal holds are released (and their held-back requests' erasures opened). */
  holdPollIntervalMs: number;
  /** Rate limits, body size, CORS and exposure of /docs and /metrics (see http-config.ts). */
  http: HttpHardeningConfig;
  /** OpenDSR processor endpoints: signing key, certificate, callback delivery (config/opendsr-config.ts). */
  opendsr: OpenDsrSettings;
  /** Webhook and OpenDSR targets (config/targets-config.ts). */
  targets: TargetSettings;
  /** Bulk erasure uploads and the worker that turns them into requests (config/bulk-config.ts). */
  bulk: BulkConfig;
  /**
   * Worker threads of a whole-ledger verification (GET /v1/audit/verify), each with its own database connection
   * for the time of a verification; 0 verifies in the event-loop thread.
   */
  ledgerVerifyWorkers: number;
}

/** One verification worker per core, up to four: past that PostgreSQL's reading is the limit. */
export const DEFAULT_LEDGER_VERIFY_WORKERS = Math.min(4, Math.max(1, availableParallelism()));

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/lethe';
const POSTGRES_PROTOCOLS = ['postgres:', 'postgresql:'];

/** For tools that only touch the database (migrations), so they need no API or signing secrets. */
export function loadDatabaseUrl(env: Record<string, string | undefined> = process.env): string {
  const read = new EnvReader(env);
  const url = read.url('DATABASE_URL', DEFAULT_DATABASE_URL, POSTGRES_PROTOCOLS);
  read.assertValid('database');
  return url;
}

export function loadCoordinatorConfig(
  env: Record<string, string | undefined> = process.env,
): CoordinatorConfig {
  const read = new EnvReader(env);
  const config: Omit<CoordinatorConfig, 'topics'> = {
    port: read.int('PORT', 3000, { min: 0, max: 65535 }),
    logLevel: read.oneOf('LOG_LEVEL', 'log', LOG_LEVELS),
    databaseUrl: read.url('DATABASE_URL', DEFAULT_DATABASE_URL, POSTGRES_PROTOCOLS),
    databaseTimeouts: {
      poolSize: read.int('LETHE_DB_POOL_SIZE', DEFAULT_DATABASE_TIMEOUTS.poolSize, { min: 1, max: 500 }),
      connectTimeoutMs: read.int('LETHE_DB_CONNECT_TIMEOUT_MS', DEFAULT_DATABASE_TIMEOUTS.connectTimeoutMs, {
        min: 100,
      }),
      statementTimeoutMs: read.int(
        'LETHE_DB_STATEMENT_TIMEOUT_MS',
        DEFAULT_DATABASE_TIMEOUTS.statementTimeoutMs,
        { min: 100 },
      ),
      idleInTransactionTimeoutMs: read.int(
        'LETHE_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
        DEFAULT_DATABASE_TIMEOUTS.idleInTransactionTimeoutMs,
        { min: 100 },
      ),
      queryTimeoutMs: read.int('LETHE_DB_QUERY_TIMEOUT_MS', DEFAULT_DATABASE_TIMEOUTS.queryTimeoutMs, {
        min: 100,
      }),
      keepAliveInitialDelayMs: DEFAULT_DATABASE_TIMEOUTS.keepAliveInitialDelayMs,
    },
    migrateOnStart: read.bool('DB_MIGRATE_ON_START', true),
    kafkaBrokers: read.list('KAFKA_BROKERS', '127.0.0.1:19092'),
    kafkaClientId: read.string('KAFKA_CLIENT_ID', 'lethe-coordinator'),
    kafkaMaxWaitMs: read.int('LETHE_KAFKA_MAX_WAIT_MS', 5000, { min: 10, max: 10_000 }),
    topicPrefix: read.matching('LETHE_TOPIC_PREFIX', '', TOPIC_PREFIX_PATTERN),
    adminApiKey: read.secret('LETHE_ADMIN_API_KEY', 16),
    apiKeyCacheTtlMs: read.int('LETHE_API_KEY_CACHE_TTL_MS', 10_000, { min: 0, max: 300_000 }),
    secretKey: read.secret('LETHE_SECRET_KEY', 32),
    signingKeyId: read.string('LETHE_SIGNING_KEY_ID', 'k1'),
    previousSigningKeyIds: read.optionalList('LETHE_PREVIOUS_SIGNING_KEY_IDS'),
    commandTopicPartitions: read.int('LETHE_COMMAND_TOPIC_PARTITIONS', 3, { min: 1, max: 100 }),
    commandRetentionMs: read.int('LETHE_COMMAND_RETENTION_MS', DEFAULT_COMMAND_RETENTION_MS, {
      min: 1000,
      max: 365 * 24 * 60 * 60_000,
    }),
    outboxPollIntervalMs: read.int('LETHE_OUTBOX_POLL_INTERVAL_MS', 500, { min: 10, max: 60_000 }),
    outboxBatchSize: read.int('LETHE_OUTBOX_BATCH_SIZE', 500, { min: 1, max: 5000 }),
    outboxConcurrency: read.int('LETHE_OUTBOX_CONCURRENCY', 2, { min: 1, max: 16 }),
    resultBatchSize: read.int('LETHE_RESULT_BATCH_SIZE', 200, { min: 1, max: 5000 }),
    intakeGroupSize: read.int('LETHE_INTAKE_GROUP_SIZE', 100, { min: 1, max: 1000 }),
    intakeConcurrency: read.int('LETHE_INTAKE_CONCURRENCY', 4, { min: 1, max: 64 }),
    serviceStaleAfterMs: read.int('LETHE_SERVICE_STALE_AFTER_MS', 60_000, { min: 1000 }),
    redisUrl: read.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    retryPolicy: {
      ackTimeoutMs: read.int('LETHE_ACK_TIMEOUT_MS', DEFAULT_RETRY_POLICY.ackTimeoutMs, { min: 100 }),
      baseDelayMs: read.int('LETHE_RETRY_BASE_DELAY_MS', DEFAULT_RETRY_POLICY.baseDelayMs, { min: 1 }),
      maxDelayMs: read.int('LETHE_RETRY_MAX_DELAY_MS', DEFAULT_RETRY_POLICY.maxDelayMs, { min: 1 }),
      maxAttempts: read.int('LETHE_MAX_ATTEMPTS', DEFAULT_RETRY_POLICY.maxAttempts, { min: 1, max: 100 }),
      jitter: DEFAULT_RETRY_POLICY.jitter,
    },
    deadlineCalendar: {
      timeZone: read.string('LETHE_DEADLINE_TIME_ZONE', 'UTC'),
      holidays: read.optionalList('LETHE_HOLIDAYS'),
    },
    atRiskLeadMs: read.int('LETHE_AT_RISK_LEAD_MS', 7 * 24 * 60 * 60_000, { min: 0 }),
    escalationWebhookUrl: read.optionalUrl('LETHE_ESCALATION_WEBHOOK_URL', ['http:', 'https:']),
    escalationDelivery: {
      pollIntervalMs: read.int('LETHE_ESCALATION_POLL_INTERVAL_MS', 1000, { min: 10, max: 60_000 }),
      baseDelayMs: read.int('LETHE_ESCALATION_RETRY_BASE_DELAY_MS', 10_000, { min: 1 }),
      maxDelayMs: read.int('LETHE_ESCALATION_RETRY_MAX_DELAY_MS', 60 * 60_000, { min: 1 }),
      timeoutMs: read.int('LETHE_ESCALATION_WEBHOOK_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 }),
    },
    sweepIntervalMs: read.int('LETHE_SWEEP_INTERVAL_MS', 30_000, { min: 100 }),
    shredAfterMs: read.int('LETHE_SHRED_AFTER_MS', 7 * 24 * 60 * 60_000, { min: 0 }),
    shredBatchSize: read.int('LETHE_SHRED_BATCH_SIZE', 500, { min: 1, max: 5000 }),
    shredPollIntervalMs: read.int('LETHE_SHRED_POLL_INTERVAL_MS', 60_000, { min: 100, max: 3_600_000 }),
    verification: {
      enabled: read.bool('LETHE_VERIFY_ENABLED', true),
      afterMs: read.int('LETHE_VERIFY_AFTER_MS', 24 * 60 * 60_000, { min: 0 }),
      pollIntervalMs: read.int('LETHE_VERIFY_POLL_INTERVAL_MS', 60_000, { min: 100, max: 3_600_000 }),
      batchSize: read.int('LETHE_VERIFY_BATCH_SIZE', 100, { min: 1, max: 1000 }),
    },
    ledgerVerifyWorkers: read.int('LETHE_LEDGER_VERIFY_WORKERS', DEFAULT_LEDGER_VERIFY_WORKERS, {
      min: 0,
      max: 16,
    }),
    holdPollIntervalMs: read.int('LETHE_HOLD_POLL_INTERVAL_MS', 60_000, { min: 100, max: 3_600_000 }),
    http: readHttpHardeningConfig(read),
    opendsr: loadOpenDsrSettings(read),
    targets: loadTargetSettings(read),
    bulk: readBulkConfig(read),
  };
  for (const problem of validateRetryPolicy(config.retryPolicy)) read.problem(`retry policy: ${problem}`);
  if (config.escalationDelivery.baseDelayMs > config.escalationDelivery.maxDelayMs) {
    read.problem('LETHE_ESCALATION_RETRY_BASE_DELAY_MS must not exceed LETHE_ESCALATION_RETRY_MAX_DELAY_MS');
  }
  for (const problem of validateDatabaseTimeouts(config.databaseTimeouts)) read.problem(problem);
  // the verify command carries the sealed identities, which are gone once shredded
  if (config.verification.enabled && config.verification.afterMs >= config.shredAfterMs) {
    read.problem(
      'LETHE_VERIFY_AFTER_MS must be shorter than LETHE_SHRED_AFTER_MS (verification needs the identities ' +
        'before they are shredded); shorten it, or set LETHE_VERIFY_ENABLED=false',
    );
  }
  const { timeZone, holidays } = config.deadlineCalendar;
  if (!isValidTimeZone(timeZone)) {
    read.problem(
      `LETHE_DEADLINE_TIME_ZONE must be an IANA time zone such as Europe/Berlin (got "${timeZone}")`,
    );
  }
  const badHolidays = invalidHolidays(holidays);
  if (badHolidays.length > 0) {
    read.problem(
      `LETHE_HOLIDAYS must list YYYY-MM-DD dates (not ${badHolidays.map((h) => `"${h}"`).join(', ')})`,
    );
  }
  read.assertValid('coordinator');
  return Object.assign(new CoordinatorConfig(), config, { topics: letheTopics(config.topicPrefix) });
}
