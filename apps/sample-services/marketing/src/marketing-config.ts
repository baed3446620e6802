import {
  loadSampleServiceConfig,
  PostgresServiceConfig,
  readDatabaseUrl,
} from '../../shared/sample-service-config';

/** The marketing service's config: its database, and the faults it starts with (to demonstrate retries). */
export class MarketingConfig extends PostgresServiceConfig {
  /** Erasure commands to fail from start-up on (`MARKETING_FAIL_NEXT`). */
  failNext: number;
  /** Whether those failures are retriable (`MARKETING_FAIL_RETRIABLE`). */
  failRetriable: boolean;
  /** Extra time every erasure handler call takes (`MARKETING_LATENCY_MS`). */
  latencyMs: number;
}

export function loadMarketingConfig(env: Record<string, string | undefined> = process.env): MarketingConfig {
  return loadSampleServiceConfig(
    MarketingConfig,
    { service: 'marketing', port: 3104 },
    (read) => ({
      databaseUrl: readDatabaseUrl(read, 'lethe_marketing'),
      failNext: read.int('MARKETING_FAIL_NEXT', 0, { max: 1_000 }),
      failRetriable: read.bool('MARKETING_FAIL_RETRIABLE', true),
      latencyMs: read.int('MARKETING_LATENCY_MS', 0, { max: 600_000 }),
    }),
    env,
  );
}
