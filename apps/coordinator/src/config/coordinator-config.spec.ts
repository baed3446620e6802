import { ConfigError } from '@lethe/config';
import { DEFAULT_RETRY_POLICY } from '../retries/retry-policy';
import {
  CoordinatorConfig,
  DEFAULT_LEDGER_VERIFY_WORKERS,
  loadCoordinatorConfig,
  loadDatabaseUrl,
} from './coordinator-config';
import { DEFAULT_DATABASE_TIMEOUTS } from './database-timeouts';

const ADMIN_API_KEY = 'admin-key-0123456789';
const SECRET_KEY = 'root-secret-0123456789-0123456789';
const REQUIRED = { LETHE_ADMIN_API_KEY: ADMIN_API_KEY, LETHE_SECRET_KEY: SECRET_KEY };

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe(loadCoordinatorConfig.name, () => {
  it('uses a default for everything but the two secrets', () => {
    const config = loadCoordinatorConfig(REQUIRED);
    expect(config).toBeInstanceOf(CoordinatorConfig);
    const { topics, ...settings } = config;
    expect(settings).toEqual({
      port: 3000,
      logLevel: 'log',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/lethe',
      databaseTimeouts: DEFAULT_DATABASE_TIMEOUTS,
      migrateOnStart: true,
      kafkaBrokers: ['127.0.0.1:19092'],
      kafkaClientId: 'lethe-coordinator',
      kafkaMaxWaitMs: 5000,
      ledgerVerifyWorkers: DEFAULT_LEDGER_VERIFY_WORKERS,
      topicPrefix: '',
      adminApiKey: ADMIN_API_KEY,
      apiKeyCacheTtlMs: 10_000,
      secretKey: SECRET_KEY,
      signingKeyId: 'k1',
      previousSigningKeyIds: [],
      commandTopicPartitions: 3,
      commandRetentionMs: 604_800_000,
      outboxPollIntervalMs: 500,
      outboxBatchSize: 500,
      outboxConcurrency: 2,
      resultBatchSize: 200,
      intakeGroupSize: 100,
      intakeConcurrency: 4,
      serviceStaleAfterMs: 60_000,
      redisUrl: 'redis://127.0.0.1:6379',
      retryPolicy: DEFAULT_RETRY_POLICY,
      deadlineCalendar: { timeZone: 'UTC', holidays: [] },
      atRiskLeadMs: 7 * 24 * 60 * 60_000,
      escalationWebhookUrl: null,
      escalationDelivery: {
        pollIntervalMs: 1000,
        baseDelayMs: 10_000,
        maxDelayMs: 3_600_000,
        timeoutMs: 10_000,
      },
      sweepIntervalMs: 30_000,
      shredAfterMs: 7 * 24 * 60 * 60_000,
      shredBatchSize: 500,
      shredPollIntervalMs: 60_000,
      holdPollIntervalMs: 60_000,
      verification: { enabled: true, afterMs: 86_400_000, pollIntervalMs: 60_000, batchSize: 100 },
      http: {
        rateLimitPerMinute: 600,
        liveRateLimitPerMinute: 30,
        trustProxyHops: 0,
        jsonBodyLimitBytes: 100 * 1024,
        jsonBodyTimeoutMs: 300_000,
        corsOrigins: [],
        exposeDocs: true,
        exposeMetrics: true,
      },
      opendsr: {
        privateKeyPem: null,
        certificatePem: null,
        processorDomain: 'localhost',
        controllerId: 'lethe',
        publicUrl: null,
        callbackAllowlist: [],
        pollIntervalMs: 1000,
        callbackMaxAttempts: 12,
        callbackBaseDelayMs: 30_000,
        callbackMaxDelayMs: 21_600_000,
        callbackTimeoutMs: 10_000,
      },
      targets: {
        urlAllowlist: [],
        pollIntervalMs: 1000,
        requestTimeoutMs: 10_000,
        callbackWindowMs: 300_000,
        manualTaskExpectedMs: 7 * 24 * 60 * 60_000,
        reminderPollIntervalMs: 60_000,
        statusPollIntervalMs: 60_000,
        waitGraceMs: 900_000,
      },
      bulk: {
        batchSize: 500,
        pollIntervalMs: 1000,
        maxLines: 5_000_000,
        maxLineChars: 16_384,
        uploadStaleMs: 600_000,
      },
    });
    expect(topics.prefix).toBe('');
    expect(topics.results).toBe('lethe.erasure.results');
    expect(topics.registry).toBe('lethe.registry');
    expect(topics.commands('accounts')).toBe('lethe.erasure.commands.accounts');
  });

  it('reads every setting from the environment', () => {
    const config = loadCoordinatorConfig({
      ...REQUIRED,
      PORT: '8080',
      LOG_LEVEL: 'debug',
      DATABASE_URL: 'postgresql://lethe:pw@db:5432/lethe',
      DB_MIGRATE_ON_START: 'false',
      LETHE_DB_POOL_SIZE: '25',
      LETHE_DB_CONNECT_TIMEOUT_MS: '2000',
      LETHE_DB_STATEMENT_TIMEOUT_MS: '10000',
      LETHE_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '20000',
      LETHE_DB_QUERY_TIMEOUT_MS: '15000',
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
      KAFKA_CLIENT_ID: 'coordinator-eu',
      LETHE_KAFKA_MAX_WAIT_MS: '250',
      LETHE_LEDGER_VERIFY_WORKERS: '0',
      LETHE_TOPIC_PREFIX: ' staging. ',
      LETHE_SIGNING_KEY_ID: 'k2',
      LETHE_COMMAND_TOPIC_PARTITIONS: '12',
      LETHE_COMMAND_RETENTION_MS: '86400000',
      LETHE_OUTBOX_POLL_INTERVAL_MS: '250',
      LETHE_OUTBOX_BATCH_SIZE: '500',
      LETHE_OUTBOX_CONCURRENCY: '3',
      LETHE_RESULT_BATCH_SIZE: '50',
      LETHE_INTAKE_GROUP_SIZE: '20',
      LETHE_INTAKE_CONCURRENCY: '2',
      LETHE_SERVICE_STALE_AFTER_MS: '120000',
      LETHE_API_KEY_CACHE_TTL_MS: '0',
      LETHE_PREVIOUS_SIGNING_KEY_IDS: 'k0, k1',
      REDIS_URL: 'rediss://cache:6380/2',
      LETHE_ACK_TIMEOUT_MS: '60000',
      LETHE_RETRY_BASE_DELAY_MS: '1000',
      LETHE_RETRY_MAX_DELAY_MS: '60000',
      LETHE_MAX_ATTEMPTS: '5',
      LETHE_DEADLINE_TIME_ZONE: 'America/Los_Angeles',
      LETHE_HOLIDAYS: '2027-01-01, 2027-07-05,2027-12-24',
      LETHE_AT_RISK_LEAD_MS: '86400000',
      LETHE_ESCALATION_WEBHOOK_URL: 'https://hooks.example.org/lethe',
      LETHE_ESCALATION_POLL_INTERVAL_MS: '500',
      LETHE_ESCALATION_RETRY_BASE_DELAY_MS: '2000',
      LETHE_ESCALATION_RETRY_MAX_DELAY_MS: '60000',
      LETHE_ESCALATION_WEBHOOK_TIMEOUT_MS: '3000',
      LETHE_SWEEP_INTERVAL_MS: '5000',
      LETHE_SHRED_AFTER_MS: '3600000',
      LETHE_VERIFY_AFTER_MS: '600000',
      LETHE_SHRED_BATCH_SIZE: '50',
      LETHE_SHRED_POLL_INTERVAL_MS: '10000',
      LETHE_HOLD_POLL_INTERVAL_MS: '5000',
      LETHE_RATE_LIMIT_PER_MINUTE: '0',
      LETHE_LIVE_RATE_LIMIT_PER_MINUTE: '5',
      LETHE_TRUST_PROXY_HOPS: '1',
      LETHE_JSON_BODY_LIMIT_KB: '512',
      LETHE_JSON_BODY_TIMEOUT_MS: '20000',
      LETHE_CORS_ORIGINS: 'https://privacy.example.org, http://localhost:8080',
      LETHE_EXPOSE_DOCS: 'false',
      LETHE_EXPOSE_METRICS: 'no',
      LETHE_BULK_BATCH_SIZE: '200',
      LETHE_BULK_POLL_INTERVAL_MS: '50',
      LETHE_BULK_MAX_LINES: '1000',
      LETHE_BULK_MAX_LINE_CHARS: '512',
      LETHE_BULK_UPLOAD_STALE_MS: '5000',
      LETHE_OPENDSR_PROCESSOR_DOMAIN: 'opendsr.example.org',
      LETHE_OPENDSR_CONTROLLER_ID: 'acme',
      LETHE_PUBLIC_URL: 'https://lethe.example.org',
      LETHE_OPENDSR_CALLBACK_ALLOWLIST: 'hooks.example.org,*.acme.example',
      LETHE_OPENDSR_POLL_INTERVAL_MS: '250',
      LETHE_OPENDSR_CALLBACK_MAX_ATTEMPTS: '3',
      LETHE_OPENDSR_CALLBACK_BASE_DELAY_MS: '100',
      LETHE_OPENDSR_CALLBACK_MAX_DELAY_MS: '1000',
      LETHE_OPENDSR_CALLBACK_TIMEOUT_MS: '2000',
    });
    const { topics, ...settings } = config;
    expect(settings).toEqual({
      port: 8080,
      logLevel: 'debug',
      databaseUrl: 'postgresql://lethe:pw@db:5432/lethe',
      databaseTimeouts: {
        poolSize: 25,
        connectTimeoutMs: 2000,
        statementTimeoutMs: 10_000,
        idleInTransactionTimeoutMs: 20_000,
        queryTimeoutMs: 15_000,
        keepAliveInitialDelayMs: DEFAULT_DATABASE_TIMEOUTS.keepAliveInitialDelayMs,
      },
      migrateOnStart: false,
      kafkaBrokers: ['kafka-1:9092', 'kafka-2:9092'],
      kafkaClientId: 'coordinator-eu',
      kafkaMaxWaitMs: 250,
      ledgerVerifyWorkers: 0,
      topicPrefix: 'staging.',
      adminApiKey: ADMIN_API_KEY,
      apiKeyCacheTtlMs: 0,
      secretKey: SECRET_KEY,
      signingKeyId: 'k2',
      previousSigningKeyIds: ['k0', 'k1'],
      commandTopicPartitions: 12,
      commandRetentionMs: 86_400_000,
      outboxPollIntervalMs: 250,
      outboxBatchSize: 500,
      outboxConcurrency: 3,
      resultBatchSize: 50,
      intakeGroupSize: 20,
      intakeConcurrency: 2,
      serviceStaleAfterMs: 120_000,
      redisUrl: 'rediss://cache:6380/2',
      retryPolicy: {
        ackTimeoutMs: 60_000,
        baseDelayMs: 1000,
        maxDelayMs: 60_000,
        maxAttempts: 5,
        jitter: 0.5,
      },
      deadlineCalendar: {
        timeZone: 'America/Los_Angeles',
        holidays: ['2027-01-01', '2027-07-05', '2027-12-24'],
      },
      atRiskLeadMs: 86_400_000,
      escalationWebhookUrl: 'https://hooks.example.org/lethe',
      escalationDelivery: { pollIntervalMs: 500, baseDelayMs: 2000, maxDelayMs: 60_000, timeoutMs: 3000 },
      sweepIntervalMs: 5000,
      shredAfterMs: 3_600_000,
      shredBatchSize: 50,
      shredPollIntervalMs: 10_000,
      holdPollIntervalMs: 5_000,
      verification: { enabled: true, afterMs: 600_000, pollIntervalMs: 60_000, batchSize: 100 },
      http: {
        rateLimitPerMinute: 0,
        liveRateLimitPerMinute: 5,
        trustProxyHops: 1,
        jsonBodyLimitBytes: 512 * 1024,
        jsonBodyTimeoutMs: 20_000,
        corsOrigins: ['https://privacy.example.org', 'http://localhost:8080'],
        exposeDocs: false,
        exposeMetrics: false,
      },
      opendsr: {
        privateKeyPem: null,
        certificatePem: null,
        processorDomain: 'opendsr.example.org',
        controllerId: 'acme',
        publicUrl: 'https://lethe.example.org',
        callbackAllowlist: ['hooks.example.org', '*.acme.example'],
        pollIntervalMs: 250,
        callbackMaxAttempts: 3,
        callbackBaseDelayMs: 100,
        callbackMaxDelayMs: 1000,
        callbackTimeoutMs: 2000,
      },
      targets: {
        urlAllowlist: [],
        pollIntervalMs: 1000,
        requestTimeoutMs: 10_000,
        callbackWindowMs: 300_000,
        manualTaskExpectedMs: 7 * 24 * 60 * 60_000,
        reminderPollIntervalMs: 60_000,
        statusPollIntervalMs: 60_000,
        waitGraceMs: 900_000,
      },
      bulk: { batchSize: 200, pollIntervalMs: 50, maxLines: 1000, maxLineChars: 512, uploadStaleMs: 5000 },
    });
    expect(topics.prefix).toBe('staging.');
    expect(topics.results).toBe('staging.lethe.erasure.results');
    expect(topics.registry).toBe('staging.lethe.registry');
    expect(topics.commands('accounts')).toBe('staging.lethe.erasure.commands.accounts');
  });

  it('accepts a zero shred window: identities go as soon as the request is terminal', () => {
    expect(
      loadCoordinatorConfig({ ...REQUIRED, LETHE_SHRED_AFTER_MS: '0', LETHE_VERIFY_ENABLED: 'false' })
        .shredAfterMs,
    ).toBe(0);
  });

  it('verifies a day after completion by default, and refuses a verification window not shorter than the shred window', () => {
    expect(loadCoordinatorConfig(REQUIRED).verification).toEqual({
      enabled: true,
      afterMs: 86_400_000,
      pollIntervalMs: 60_000,
      batchSize: 100,
    });
    expect(() => loadCoordinatorConfig({ ...REQUIRED, LETHE_SHRED_AFTER_MS: '0' })).toThrow(
      'LETHE_VERIFY_AFTER_MS must be shorter than LETHE_SHRED_AFTER_MS',
    );
    expect(() =>
      loadCoordinatorConfig({ ...REQUIRED, LETHE_SHRED_AFTER_MS: '60000', LETHE_VERIFY_AFTER_MS: '60000' }),
    ).toThrow('LETHE_VERIFY_AFTER_MS must be shorter than LETHE_SHRED_AFTER_MS');
  });

  it('accepts secrets of exactly the minimum length', () => {
    const config = loadCoordinatorConfig({
      LETHE_ADMIN_API_KEY: 'a'.repeat(16),
      LETHE_SECRET_KEY: 's'.repeat(32),
    });
    expect(config.adminApiKey).toHaveLength(16);
    expect(config.secretKey).toHaveLength(32);
  });

  it('names both missing secrets and a bad PORT in one error', () => {
    const error = configError(() => loadCoordinatorConfig({ PORT: 'eighty' }));
    expect(error.message).toBe(
      [
        'Invalid coordinator configuration:',
        '  - PORT must be an integer between 0 and 65535 (got "eighty")',
        '  - LETHE_ADMIN_API_KEY is required',
        '  - LETHE_SECRET_KEY is required',
      ].join('\n'),
    );
  });

  it('names secrets that are too short, without echoing them', () => {
    const error = configError(() =>
      loadCoordinatorConfig({ LETHE_ADMIN_API_KEY: 'a'.repeat(15), LETHE_SECRET_KEY: 'short-root-secret' }),
    );
    expect(error.message).toContain('LETHE_ADMIN_API_KEY must be at least 16 characters');
    expect(error.message).toContain('LETHE_SECRET_KEY must be at least 32 characters');
    expect(error.message).not.toContain('a'.repeat(15));
    expect(error.message).not.toContain('short-root-secret');
  });

  it.each([
    ['PORT', '65536', 'PORT must be an integer between 0 and 65535 (got "65536")'],
    ['PORT', '-1', 'PORT must be an integer between 0 and 65535 (got "-1")'],
    ['LOG_LEVEL', 'trace', 'LOG_LEVEL must be one of error, warn, log, debug, verbose'],
    ['DATABASE_URL', 'mysql://db/lethe', 'DATABASE_URL must use postgres: or postgresql: (got mysql:)'],
    ['DB_MIGRATE_ON_START', 'sometimes', 'DB_MIGRATE_ON_START must be true or false (got "sometimes")'],
    ['KAFKA_BROKERS', ' , ', 'KAFKA_BROKERS must list at least one value'],
    ['LETHE_TOPIC_PREFIX', 'staging/eu', 'LETHE_TOPIC_PREFIX must match ^[a-zA-Z0-9._-]{0,100}$'],
    [
      'LETHE_COMMAND_TOPIC_PARTITIONS',
      '0',
      'LETHE_COMMAND_TOPIC_PARTITIONS must be an integer between 1 and 100',
    ],
    [
      'LETHE_COMMAND_RETENTION_MS',
      '999',
      'LETHE_COMMAND_RETENTION_MS must be an integer between 1000 and 31536000000',
    ],
    [
      'LETHE_OUTBOX_POLL_INTERVAL_MS',
      '5',
      'LETHE_OUTBOX_POLL_INTERVAL_MS must be an integer between 10 and 60000',
    ],
    ['LETHE_OUTBOX_BATCH_SIZE', '5001', 'LETHE_OUTBOX_BATCH_SIZE must be an integer between 1 and 5000'],
    ['LETHE_OUTBOX_CONCURRENCY', '0', 'LETHE_OUTBOX_CONCURRENCY must be an integer between 1 and 16'],
    ['LETHE_RESULT_BATCH_SIZE', '0', 'LETHE_RESULT_BATCH_SIZE must be an integer between 1 and 5000'],
    ['LETHE_INTAKE_GROUP_SIZE', '1001', 'LETHE_INTAKE_GROUP_SIZE must be an integer between 1 and 1000'],
    ['LETHE_INTAKE_CONCURRENCY', '0', 'LETHE_INTAKE_CONCURRENCY must be an integer between 1 and 64'],
    ['LETHE_SERVICE_STALE_AFTER_MS', '999', 'LETHE_SERVICE_STALE_AFTER_MS must be an integer between 1000'],
    [
      'LETHE_API_KEY_CACHE_TTL_MS',
      '300001',
      'LETHE_API_KEY_CACHE_TTL_MS must be an integer between 0 and 300000',
    ],
    ['REDIS_URL', 'http://cache:6379', 'REDIS_URL must use redis: or rediss: (got http:)'],
    ['LETHE_ESCALATION_WEBHOOK_URL', 'ftp://hooks', 'LETHE_ESCALATION_WEBHOOK_URL must use http: or https:'],
    ['LETHE_ESCALATION_WEBHOOK_TIMEOUT_MS', '50', 'LETHE_ESCALATION_WEBHOOK_TIMEOUT_MS'],
    ['LETHE_MAX_ATTEMPTS', '0', 'LETHE_MAX_ATTEMPTS must be an integer between 1 and 100'],
    ['LETHE_ACK_TIMEOUT_MS', '50', 'LETHE_ACK_TIMEOUT_MS must be an integer between 100'],
    ['LETHE_RETRY_MAX_DELAY_MS', '10', 'retry policy: maxDelayMs must be at least baseDelayMs'],
    ['LETHE_SWEEP_INTERVAL_MS', '99', 'LETHE_SWEEP_INTERVAL_MS must be an integer between 100'],
    ['LETHE_DB_POOL_SIZE', '0', 'LETHE_DB_POOL_SIZE must be an integer between 1 and 500'],
    ['LETHE_DB_QUERY_TIMEOUT_MS', '30000', 'LETHE_DB_QUERY_TIMEOUT_MS must be longer than'],
    ['LETHE_SHRED_AFTER_MS', '-1', 'LETHE_SHRED_AFTER_MS must be an integer between 0'],
    ['LETHE_SHRED_AFTER_MS', '7d', 'LETHE_SHRED_AFTER_MS must be an integer between 0'],
    ['LETHE_SHRED_BATCH_SIZE', '0', 'LETHE_SHRED_BATCH_SIZE must be an integer between 1 and 5000'],
    [
      'LETHE_SHRED_POLL_INTERVAL_MS',
      '99',
      'LETHE_SHRED_POLL_INTERVAL_MS must be an integer between 100 and 3600000',
    ],
    [
      'LETHE_HOLD_POLL_INTERVAL_MS',
      '99',
      'LETHE_HOLD_POLL_INTERVAL_MS must be an integer between 100 and 3600000',
    ],
    ['LETHE_RATE_LIMIT_PER_MINUTE', '-1', 'LETHE_RATE_LIMIT_PER_MINUTE must be an integer between 0'],
    ['LETHE_JSON_BODY_LIMIT_KB', '0', 'LETHE_JSON_BODY_LIMIT_KB must be an integer between 1 and 10240'],
    [
      'LETHE_JSON_BODY_TIMEOUT_MS',
      '10',
      'LETHE_JSON_BODY_TIMEOUT_MS must be an integer between 100 and 3600000',
    ],
    ['LETHE_TRUST_PROXY_HOPS', '11', 'LETHE_TRUST_PROXY_HOPS must be an integer between 0 and 10'],
    ['LETHE_EXPOSE_DOCS', 'maybe', 'LETHE_EXPOSE_DOCS must be true or false (got "maybe")'],
    [
      'LETHE_CORS_ORIGINS',
      'https://privacy.example.org/dashboard',
      'LETHE_CORS_ORIGINS: https://privacy.example.org/dashboard is not an origin like https://privacy.example.org',
    ],
    ['LETHE_CORS_ORIGINS', '*', 'LETHE_CORS_ORIGINS: * is not an origin'],
  ])('rejects %s=%j', (name, value, problem) => {
    const error = configError(() => loadCoordinatorConfig({ ...REQUIRED, [name]: value }));
    expect(error.message).toContain(`  - ${problem}`);
    expect(error.message.split('\n')).toHaveLength(2);
  });

  it('reports every bad variable together', () => {
    const error = configError(() =>
      loadCoordinatorConfig({
        PORT: '99999',
        LOG_LEVEL: 'loud',
        DATABASE_URL: 'nope',
        LETHE_SECRET_KEY: 'short',
      }),
    );
    const lines = error.message.split('\n').slice(1);
    expect(lines).toHaveLength(5);
    for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'LETHE_ADMIN_API_KEY', 'LETHE_SECRET_KEY']) {
      expect(lines.filter((line) => line.startsWith(`  - ${name} `))).toHaveLength(1);
    }
  });
});

describe('the legal calendar settings', () => {
  it.each(['Europe/Berlin', 'America/Los_Angeles', 'Asia/Kolkata', 'UTC'])(
    'accepts the IANA zone %s',
    (zone) => {
      expect(
        loadCoordinatorConfig({ ...REQUIRED, LETHE_DEADLINE_TIME_ZONE: zone }).deadlineCalendar.timeZone,
      ).toBe(zone);
    },
  );

  it.each(['Mars/Olympus_Mons', 'PST8PDTX', 'GMT+25', 'Europe/berlin-ish'])(
    'refuses %s at boot, naming LETHE_DEADLINE_TIME_ZONE',
    (zone) => {
      const error = configError(() => loadCoordinatorConfig({ ...REQUIRED, LETHE_DEADLINE_TIME_ZONE: zone }));
      expect(error.message).toContain(
        `LETHE_DEADLINE_TIME_ZONE must be an IANA time zone such as Europe/Berlin (got "${zone}")`,
      );
    },
  );

  it('refuses holidays that are not real calendar dates, naming each', () => {
    const error = configError(() =>
      loadCoordinatorConfig({
        ...REQUIRED,
        LETHE_HOLIDAYS: '2027-12-25,2027-02-30,27-01-01,2027-1-6,tomorrow',
      }),
    );
    expect(error.message).toContain(
      'LETHE_HOLIDAYS must list YYYY-MM-DD dates (not "2027-02-30", "27-01-01", "2027-1-6", "tomorrow")',
    );
  });

  it('accepts an empty holiday list and 29 February in a leap year', () => {
    expect(loadCoordinatorConfig({ ...REQUIRED, LETHE_HOLIDAYS: ' ' }).deadlineCalendar.holidays).toEqual([]);
    expect(
      loadCoordinatorConfig({ ...REQUIRED, LETHE_HOLIDAYS: '2028-02-29' }).deadlineCalendar.holidays,
    ).toEqual(['2028-02-29']);
    expect(() => loadCoordinatorConfig({ ...REQUIRED, LETHE_HOLIDAYS: '2027-02-29' })).toThrow(ConfigError);
  });
});

describe(loadDatabaseUrl.name, () => {
  it('defaults to the local database and needs no secrets', () => {
    expect(loadDatabaseUrl({})).toBe('postgres://postgres@127.0.0.1:5432/lethe');
  });

  it.each(['postgres://lethe:pw@db:5432/lethe', 'postgresql://db/lethe'])('reads %s', (url) => {
    expect(loadDatabaseUrl({ DATABASE_URL: url, PORT: 'not even checked' })).toBe(url);
  });

  it('rejects another database, naming DATABASE_URL', () => {
    const error = configError(() => loadDatabaseUrl({ DATABASE_URL: 'mysql://db/lethe' }));
    expect(error.message).toBe(
      'Invalid database configuration:\n  - DATABASE_URL must use postgres: or postgresql: (got mysql:)',
    );
  });

  it('rejects an invalid URL without echoing it', () => {
    const error = configError(() =>
      loadDatabaseUrl({ DATABASE_URL: 'postgres://lethe:s3cr3t@db:notaport/x' }),
    );
    expect(error.message).toBe('Invalid database configuration:\n  - DATABASE_URL is not a valid URL');
  });
});
