import { EnvReader } from '@lethe/config';
import {
  CommandVerificationKey,
  DEFAULT_COMMAND_RETENTION_MS,
  parseCommandPublicKey,
  TOPIC_PREFIX_PATTERN,
} from '@lethe/deletion-sdk/protocol';

/** Settings every sample service shares; each service's config class adds its own store's settings on top. */
export class SampleServiceConfig {
  service: string;
  port: number;
  kafkaBrokers: string[];
  topicPrefix: string;
  signingKeyId: string;
  /** This service's own secret for signing results (from the operator: `npm run service-secret -- <name>`). */
  signingSecret: string;
  /** The coordinator's public keys that commands must be signed with (`npm run command-public-key`). */
  commandPublicKeys: CommandVerificationKey[];
  /** `retention.ms` of the command topics, the same value as the coordinator's LETHE_COMMAND_RETENTION_MS. */
  commandRetentionMs: number;
  /** Longest the SDK's command consumer waits at the broker per fetch; bounds how long a stop waits for it. */
  kafkaMaxWaitMs: number;
  /** How long one erasure handler call may run before the SDK answers `HANDLER_TIMEOUT` (the SDK's 60 s default). */
  handlerTimeoutMs: number;
}

/** A sample service whose store is its own PostgreSQL database. */
export class PostgresServiceConfig extends SampleServiceConfig {
  databaseUrl: string;
}

/** Where the SDK asks whether a person was erased (accounts refuses to re-create them); off when unset. */
export interface SuppressionSettings {
  coordinatorUrl: string;
  apiKey: string;
}

/** accounts: its database, and the coordinator it checks the suppression list with. */
export class AccountsServiceConfig extends PostgresServiceConfig {
  suppression: SuppressionSettings | null;
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
    commandPublicKeys: readCommandPublicKeys(read),
    commandRetentionMs: read.int('LETHE_COMMAND_RETENTION_MS', DEFAULT_COMMAND_RETENTION_MS, {
      min: 1000,
      max: 365 * 24 * 60 * 60_000,
    }),
    kafkaMaxWaitMs: read.int('LETHE_KAFKA_MAX_WAIT_MS', 5000, { min: 10, max: 10_000 }),
    handlerTimeoutMs: read.int('LETHE_HANDLER_TIMEOUT_MS', 60_000, { min: 100, max: 24 * 60 * 60_000 }),
  };
  const own = readOwn(read);
  read.assertValid(defaults.service);
  return Object.assign(new type(), shared, own);
}

/**
 * `LETHE_COMMAND_PUBLIC_KEYS`: `<key id>:<base64 public key>` entries, comma-separated, exactly as
 * `npm run command-public-key` prints them. Also read from `LETHE_COMMAND_PUBLIC_KEYS_FILE`: the keys are public,
 * but deployments hand them over the same way as the secret (compose writes both to one volume).
 */
function readCommandPublicKeys(read: EnvReader): CommandVerificationKey[] {
  const name = 'LETHE_COMMAND_PUBLIC_KEYS';
  const raw = read.secret('LETHE_COMMAND_PUBLIC_KEYS', 1);
  const keys: CommandVerificationKey[] = [];
  const entries = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const [index, entry] of entries.entries()) {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator).trim();
    const publicKey = entry.slice(separator + 1).trim();
    try {
      if (separator <= 0) throw new RangeError('expected <key id>:<base64 public key>');
      parseCommandPublicKey(publicKey);
      keys.push({ id, publicKey });
    } catch (error) {
      read.problem(`${name} entry ${index + 1}: ${(error as Error).message}`);
    }
  }
  if (raw && keys.length === 0) read.problem(`${name} must list at least one key`);
  return keys;
}

/** `DATABASE_URL`, defaulting to the service's own database on the local server. */
export function readDatabaseUrl(read: EnvReader, database: string): string {
  return read.url('DATABASE_URL', `postgres://postgres@127.0.0.1:5432/${database}`, [
    'postgres:',
    'postgresql:',
  ]);
}

/** `LETHE_COORDINATOR_URL` and `LETHE_SUPPRESSION_API_KEY` together turn the suppression check on. */
export function loadAccountsServiceConfig(
  defaults: SampleServiceDefaults & { database: string },
  env: Env = process.env,
): AccountsServiceConfig {
  return loadSampleServiceConfig(
    AccountsServiceConfig,
    defaults,
    (read) => {
      const coordinatorUrl = read.optionalUrl('LETHE_COORDINATOR_URL', ['http:', 'https:']);
      const apiKey = read.optionalSecret('LETHE_SUPPRESSION_API_KEY');
      if ((coordinatorUrl === null) !== (apiKey === null)) {
        read.problem('LETHE_COORDINATOR_URL and LETHE_SUPPRESSION_API_KEY must be set together');
      }
      return {
        databaseUrl: readDatabaseUrl(read, defaults.database),
        suppression: coordinatorUrl && apiKey ? { coordinatorUrl, apiKey } : null,
      };
    },
    env,
  );
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
