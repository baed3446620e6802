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
  options: { coordinatorDatabaseUrl?: string; kafkaBrokers?: string; readyTimeoutMs?: number } = {},
): Promise<void> {
  // Two scenarios run side by side, so two shops may boot at once: at load 20 on 2 cores a service took over the
  // e2e default of 120 s to answer. The coordinator and then the services get this long each (test/timeouts/chaos.js
  // leaves room for both).
  await env.start(SAMPLE_SERVICES, { ...CHAOS_ENV, ...extraEnv }, { readyTimeoutMs: 240_000, ...options });
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

/**
 * Waits until every consumer group of the environment (`<name>.…`: the coordinator's and the services') has
 * committed, on every partition of the environment's topics it reads, the end that partition has now: everything
 * produced so far has been handled. A barrier for "the late messages changed nothing" that holds on a slow machine
 * too, where a fixed pause may end before the consumers got to them.
 */
export async function waitUntilConsumed(
  env: E2eEnvironment,
  kafka: Kafka,
  timeoutMs = 120_000,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${env.name}.`));
    const ends = new Map<string, bigint>();
    for (const topic of topics) {
      for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
        ends.set(`${topic}/${partition}`, BigInt(high));
      }
    }
    const { groups } = await admin.listGroups();
    const ours = groups.map((group) => group.groupId).filter((id) => id.startsWith(`${env.name}.`));
    if (ours.length === 0) throw new Error(`no consumer group of ${env.name} on the broker`);
    await env.waitFor(
      'every consumer group of the environment to reach the end of its topics',
      async () => {
        for (const groupId of ours) {
          for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
            for (const { partition, offset } of partitions) {
              // -1: nothing committed, a topic this group does not read
              if (offset !== '-1' && BigInt(offset) < ends.get(`${topic}/${partition}`)!) return undefined;
            }
          }
        }
        return true;
      },
      timeoutMs,
    );
  } finally {
    await admin.disconnect();
  }
}
