import { randomBytes } from 'node:crypto';
import { IHeaders, Message } from 'kafkajs';
import { E2eEnvironment } from '../support/e2e-environment';
import { seedBatch, submissionSummary, submitBatch } from './support/chaos-batch';
import {
  chaosKafka,
  report,
  sleep,
  startChaosEnvironment,
  waitUntilConsumed,
} from './support/chaos-environment';
import { assertChaosInvariants, waitUntilSettled } from './support/invariants';

/**
 * Garbage a topic may receive: not JSON, JSON of the wrong shape, an empty and a missing value, random bytes. Each
 * has a key: the registry topic is compacted, and a compacted topic's broker refuses keyless records.
 */
const POISON: Message[] = [
  { key: 'poison-1', value: 'not json at all' },
  { key: 'poison-2', value: '{}' },
  {
    key: 'poison-3',
    value: JSON.stringify({ version: 1, id: 'x', outcome: 'deleted', recordsAffected: 2 ** 40 }),
  },
  { key: 'poison-4', value: '' },
  { key: 'poison-5', value: null },
  { key: 'poison-6', value: randomBytes(64) },
];

describe('chaos: duplicated, reordered and poison messages on every topic', () => {
  const env = new E2eEnvironment();
  const kafka = chaosKafka();
  const producer = kafka.producer();

  beforeAll(async () => {
    await startChaosEnvironment(env);
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await env.stop();
  });

  /** Every message so far on each of the environment's topics, read from the start by a group of its own. */
  async function readAll(): Promise<Map<string, Message[]>> {
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${env.name}.`));
    await admin.disconnect();
    const seen = new Map<string, Message[]>(topics.map((t) => [t, []]));
    const consumer = kafka.consumer({ groupId: `chaos-reader-${randomBytes(4).toString('hex')}` });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    let last = Date.now();
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        last = Date.now();
        seen
          .get(topic)!
          .push({ key: message.key, value: message.value, headers: message.headers as IHeaders });
      },
    });
    // until nothing new for 3 s (bounded at 30 s)
    const started = Date.now();
    while (Date.now() - last < 3000 && Date.now() - started < 30_000) await sleep(250);
    await consumer.disconnect();
    return seen;
  }

  /** Each topic gets its messages again, twice and in reverse order, with garbage in between. */
  async function replay(seen: Map<string, Message[]>): Promise<number> {
    let sent = 0;
    for (const [topic, messages] of seen) {
      const reversed = [...messages].reverse();
      // a compacted topic's own keyless records (if any) cannot be produced again
      const batch = [...reversed, ...POISON, ...reversed].filter(
        (m) => m.key !== null && m.key !== undefined,
      );
      await producer.send({ topic, messages: batch });
      sent += batch.length;
    }
    return sent;
  }

  it('applies each outcome once, dead-letters or drops the garbage, and settles every request', async () => {
    const subjects = await seedBatch(env, 'dup');
    const half = Math.floor(subjects.length / 2);
    let replayedMidFlight = 0;
    await submitBatch(env, subjects, {
      onEach: async (index) => {
        if (index === half) replayedMidFlight = await replay(await readAll());
      },
    });
    await waitUntilSettled(env, subjects);
    // and once more after everything settled: a late duplicate must change nothing
    const replayedAfter = await replay(await readAll());
    await waitUntilConsumed(env, kafka);
    report('duplicated / reordered / poison messages', {
      ...submissionSummary(subjects),
      replayedMidFlight,
      replayedAfter,
    });
    await assertChaosInvariants(env, subjects);
  });
});
