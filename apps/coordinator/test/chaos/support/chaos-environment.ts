import { Kafka, logLevel } from 'kafkajs';
import { SAMPLE_SERVICES } from '../../../../../scripts/lib/stack';
import { E2eEnvironment } from '../../support/e2e-environment';

/**
 * Settings that make recovery fit in a test: retries within seconds, an acknowledgement timeout that re-sends a
 * lost command well inside the settle time, a sweep that rebuilds wiped timers quickly. Each scenario may add its own.
 */
export const CHAOS_ENV: Record<string, string> = {
  LETHE_RETRY_BASE_DELAY_MS: '500',
  LETHE_RETRY_MAX_DELAY_MS: '2000',
  LETHE_ACK_TIMEOUT_MS: '20000',
  LETHE_SWEEP_INTERVAL_MS: '2000',
  LETHE_DB_CONNECT_TIMEOUT_MS: '2000',
};

/** Starts a whole shop for one scenario and waits until every service has registered. */
export async function startChaosEnvironment(
  env: E2eEnvironment,
  extraEnv: Record<string, string> = {},
  options: { coordinatorDatabaseUrl?: string; kafkaBrokers?: string } = {},
): Promise<void> {
  await env.start(SAMPLE_SERVICES, { ...CHAOS_ENV, ...extraEnv }, options);
  await env.waitFor('every sample service to register', async () => {
    const { body } = await env.api<{ items: { name: string }[] }>('GET', '/v1/services');
    const names = body.items.map((s) => s.name);
    return SAMPLE_SERVICES.every((name) => names.includes(name)) ? true : undefined;
  });
}

/** One line per scenario in the test output, for the fault matrix in docs/reliability.md. */
export function report(scenario: string, facts: Record<string, unknown>): void {
  process.stderr.write(`[chaos] ${scenario}: ${JSON.stringify(facts)}\n`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A client of the scenario's broker, for faults injected into Kafka itself. */
export function chaosKafka(): Kafka {
  return new Kafka({
    clientId: 'lethe-chaos',
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
    logLevel: logLevel.NOTHING,
  });
}
