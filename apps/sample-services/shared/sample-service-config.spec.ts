import { ConfigError } from '@lethe/config';
import {
  loadPostgresServiceConfig,
  loadSampleServiceConfig,
  PostgresServiceConfig,
  SampleServiceConfig,
} from './sample-service-config';

const SECRET = 's'.repeat(32);
/** 32 zero bytes in base64: a well-formed Ed25519 public key. */
const PUBLIC_KEYS = `k1:${'A'.repeat(43)}=`;
const ORDERS = { service: 'orders', port: 3102, database: 'lethe_orders' };

describe(loadSampleServiceConfig.name, () => {
  it('gives a PostgreSQL service its own database on the local server by default', () => {
    const config = loadPostgresServiceConfig(ORDERS, {
      LETHE_SIGNING_SECRET: SECRET,
      LETHE_COMMAND_PUBLIC_KEYS: PUBLIC_KEYS,
    });
    expect(config).toBeInstanceOf(PostgresServiceConfig);
    expect(config).toEqual({
      service: 'orders',
      port: 3102,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/lethe_orders',
      kafkaBrokers: ['127.0.0.1:19092'],
      topicPrefix: '',
      signingKeyId: 'k1',
      signingSecret: SECRET,
      commandPublicKeys: [{ id: 'k1', publicKey: `${'A'.repeat(43)}=` }],
      commandRetentionMs: 7 * 24 * 60 * 60_000,
      kafkaMaxWaitMs: 5000,
      handlerTimeoutMs: 60_000,
    });
  });

  it.each([
    [
      "the command topics' retention",
      'LETHE_COMMAND_RETENTION_MS',
      '3600000',
      { commandRetentionMs: 3_600_000 },
    ],
    ["the command consumer's fetch wait", 'LETHE_KAFKA_MAX_WAIT_MS', '100', { kafkaMaxWaitMs: 100 }],
  ])('takes %s from %s, as the coordinator does', (_what, name, value, expected) => {
    const config = loadPostgresServiceConfig(ORDERS, {
      LETHE_SIGNING_SECRET: SECRET,
      LETHE_COMMAND_PUBLIC_KEYS: PUBLIC_KEYS,
      [name]: value,
    });
    expect(config).toMatchObject(expected);
  });

  it("takes the SDK's handler timeout from LETHE_HANDLER_TIMEOUT_MS", () => {
    const config = loadPostgresServiceConfig(ORDERS, {
      LETHE_SIGNING_SECRET: SECRET,
      LETHE_COMMAND_PUBLIC_KEYS: PUBLIC_KEYS,
      LETHE_HANDLER_TIMEOUT_MS: '2000',
    });
    expect(config.handlerTimeoutMs).toBe(2_000);
  });

  it('adds what the service reads itself, with the same reader', () => {
    class CacheConfig extends SampleServiceConfig {
      ttlMs: number;
    }
    const config = loadSampleServiceConfig(
      CacheConfig,
      { service: 'cache', port: 3199 },
      (read) => ({ ttlMs: read.int('CACHE_TTL_MS', 1_000) }),
      {
        LETHE_SIGNING_SECRET: SECRET,
        LETHE_COMMAND_PUBLIC_KEYS: PUBLIC_KEYS,
        CACHE_TTL_MS: '250',
        PORT: '4000',
      },
    );
    expect(config).toBeInstanceOf(CacheConfig);
    expect(config).toMatchObject({ service: 'cache', port: 4000, ttlMs: 250 });
  });

  it('takes several command public keys, as `npm run command-public-key` prints them during a rotation', () => {
    const config = loadPostgresServiceConfig(ORDERS, {
      LETHE_SIGNING_SECRET: SECRET,
      LETHE_COMMAND_PUBLIC_KEYS: ` k2:${'B'.repeat(42)}A= , ${PUBLIC_KEYS}`,
    });
    expect(config.commandPublicKeys.map((key) => key.id)).toEqual(['k2', 'k1']);
  });

  it.each([
    ['missing', undefined, 'LETHE_COMMAND_PUBLIC_KEYS is required'],
    ['without a key id', `${'A'.repeat(43)}=`, 'entry 1: expected <key id>:<base64 public key>'],
    ['not a public key', 'k1:not-a-key', 'entry 1: not an Ed25519 public key'],
    ['only separators', ',,', 'LETHE_COMMAND_PUBLIC_KEYS must list at least one key'],
  ])('refuses LETHE_COMMAND_PUBLIC_KEYS %s', (_label, value, message) => {
    expect(() =>
      loadPostgresServiceConfig(ORDERS, { LETHE_SIGNING_SECRET: SECRET, LETHE_COMMAND_PUBLIC_KEYS: value }),
    ).toThrow(message);
  });

  it('fails once, naming every bad variable', () => {
    const load = () =>
      loadPostgresServiceConfig(ORDERS, {
        LETHE_SIGNING_SECRET: 'short',
        DATABASE_URL: 'mysql://db/orders',
        LETHE_TOPIC_PREFIX: 'bad prefix',
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      /Invalid orders configuration:[\s\S]*LETHE_TOPIC_PREFIX[\s\S]*LETHE_SIGNING_SECRET must be at least 32 characters[\s\S]*DATABASE_URL must use postgres: or postgresql:/,
    );
  });
});
