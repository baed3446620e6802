import { EnvReader } from '@lethe/config';
import { TOPIC_PREFIX_PATTERN } from '@lethe/deletion-sdk';

/** Settings every sample service shares; each service's config class adds its own store's settings on top. */
export class SampleServiceConfig {
  service: string;
  port: number;
  kafkaBrokers: string[];
  topicPrefix: string;
  signingKeyId: string;
  /** This service's own signing secret (from the coordinator operator: `npm run service-secret -- <name>`). */
  signingSecret: string;
}

/** A sample service whose store is its own PostgreSQL database. */
export class PostgresServiceConfig extends SampleServiceConfig {
  databaseUrl: string;
}

export interface SampleServiceDefaults {
  service: string;
  port: number;
}

type Env = Record<string, string | undefined>;

/**
 * Reads the shared settings and, with the same reader, the service's own (`readOwn`), so a misconfigured service
 * fails once, naming every bad variable.
 */
export function loadSampleServiceConfig<T extends SampleServiceConfig>(
  type: new () => T,
  defaults: SampleServiceDefaults,
  readOwn: (read: EnvReader) => Omit<T, keyof SampleServiceConfig>,
  env: Env = process.env,
): T {
  const read = new EnvReader(env);
  const shared: SampleServiceConfig = {
    service: defaults.service,
    port: read.int('PORT', defaults.port, { min: 0, max: 65535 }),
    kafkaBrokers: read.list('KAFKA_BROKERS', '127.0.0.1:19092'),
    topicPrefix: read.matching('LETHE_TOPIC_PREFIX', '', TOPIC_PREFIX_PATTERN),
    signingKeyId: read.string('LETHE_SIGNING_KEY_ID', 'k1'),
    signingSecret: read.secret('LETHE_SIGNING_SECRET', 32),
  };
  const own = readOwn(read);
  read.assertValid(defaults.service);
  return Object.assign(new type(), shared, own);
}

/** `DATABASE_URL`, defaulting to the service's own database on the local server. */
export function readDatabaseUrl(read: EnvReader, database: string): string {
  return read.url('DATABASE_URL', `postgres://postgres@127.0.0.1:5432/${database}`, [
    'postgres:',
    'postgresql:',
  ]);
}

export function loadPostgresServiceConfig(
  defaults: SampleServiceDefaults & { database: string },
  env: Env = process.env,
): PostgresServiceConfig {
  return loadSampleServiceConfig(
    PostgresServiceConfig,
    defaults,
    (read) => ({ databaseUrl: readDatabaseUrl(read, defaults.database) }),
    env,
  );
}
