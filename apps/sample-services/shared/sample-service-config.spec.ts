import { ConfigError } from '@lethe/config';
import {
  loadPostgresServiceConfig,
  loadSampleServiceConfig,
  PostgresServiceConfig,
  SampleServiceConfig,
} from './sample-service-config';

const SECRET = 's'.repeat(32);
const ORDERS = { service: 'orders', port: 3102, database: 'lethe_orders' };

describe(loadSampleServiceConfig.name, () => {
  it('gives a PostgreSQL service its own database on the local server by default', () => {
    const config = loadPostgresServiceConfig(ORDERS, { LETHE_SIGNING_SECRET: SECRET });
    expect(config).toBeInstanceOf(PostgresServiceConfig);
    expect(config).toEqual({
      service: 'orders',
      port: 3102,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/lethe_orders',
      kafkaBrokers: ['127.0.0.1:19092'],
      topicPrefix: '',
      signingKeyId: 'k1',
      signingSecret: SECRET,
    });
  });

  it('adds what the service reads itself, with the same reader', () => {
    class CacheConfig extends SampleServiceConfig {
      ttlMs: number;
    }
    const config = loadSampleServiceConfig(
      CacheConfig,
      { service: 'cache', port: 3199 },
      (read) => ({ ttlMs: read.int('CACHE_TTL_MS', 1_000) }),
      { LETHE_SIGNING_SECRET: SECRET, CACHE_TTL_MS: '250', PORT: '4000' },
    );
    expect(config).toBeInstanceOf(CacheConfig);
    expect(config).toMatchObject({ service: 'cache', port: 4000, ttlMs: 250 });
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
