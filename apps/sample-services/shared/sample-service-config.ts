import { EnvReader } from '@lethe/config';
import { TOPIC_PREFIX_PATTERN } from '@lethe/deletion-sdk';

/** Settings every sample service shares; each service adds its own on top. */
export class SampleServiceConfig {
  service: string;
  port: number;
  databaseUrl: string;
  kafkaBrokers: string[];
  topicPrefix: string;
  signingKeyId: string;
  /** This service's own signing secret (from the coordinator operator: `npm run service-secret -- <name>`). */
  signingSecret: string;
}

export interface SampleServiceDefaults {
  service: string;
  port: number;
  database: string;
}

export function loadSampleServiceConfig(
  defaults: SampleServiceDefaults,
  env: Record<string, string | undefined> = process.env,
): SampleServiceConfig {
  const read = new EnvReader(env);
  const config: SampleServiceConfig = {
    service: defaults.service,
    port: read.int('PORT', defaults.port, { min: 0, max: 65535 }),
    databaseUrl: read.url('DATABASE_URL', `postgres://postgres@127.0.0.1:5432/${defaults.database}`, [
      'postgres:',
      'postgresql:',
    ]),
    kafkaBrokers: read.list('KAFKA_BROKERS', '127.0.0.1:19092'),
    topicPrefix: read.matching('LETHE_TOPIC_PREFIX', '', TOPIC_PREFIX_PATTERN),
    signingKeyId: read.string('LETHE_SIGNING_KEY_ID', 'k1'),
    signingSecret: read.secret('LETHE_SIGNING_SECRET', 32),
  };
  read.assertValid(defaults.service);
  return Object.assign(new SampleServiceConfig(), config);
}
