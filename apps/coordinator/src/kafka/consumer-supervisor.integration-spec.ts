import { randomUUID } from 'node:crypto';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { TEST_KAFKA_MAX_WAIT_MS } from '../../test/support/test-kafka';
import { ConsumerSupervisor } from './consumer-supervisor';

/**
 * The supervisor against a real broker and real kafkajs: a consumer that kafkajs gives up on (its restart policy
 * says no) is started again by the supervisor, and the record it crashed on, never committed, is consumed then.
 */
describe('ConsumerSupervisor (real Kafka)', () => {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
  const kafka = new Kafka({ clientId: 'supervisor-it', brokers, logLevel: logLevel.NOTHING });
  const topic = `it-supervisor-${randomUUID()}`;
  const logs: string[] = [];
  const supervisor = new ConsumerSupervisor({
    warn: (m) => logs.push(m),
    error: (m) => logs.push(m),
  });

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
  });

  afterAll(async () => {
    await supervisor.stopAll();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('starts a consumer kafkajs gave up on again, which then consumes the record it crashed on', async () => {
    const seen: string[] = [];
    let crashes = 0;
    let consumed!: () => void;
    const done = new Promise<void>((resolve) => (consumed = resolve));
    const groupId = `it-supervisor-${randomUUID()}`;
    const create = (): Consumer =>
      kafka.consumer({
        groupId,
        maxWaitTimeInMs: TEST_KAFKA_MAX_WAIT_MS,
        // no retries and no restart: the first failure is a crash kafkajs leaves stopped
        retry: { retries: 0, restartOnFailure: async () => false },
      });
    const begin = async (consumer: Consumer): Promise<void> => {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ message, partition }) => {
          if (crashes === 0) {
            crashes += 1;
            throw new Error('the handler failed once');
          }
          seen.push(message.value!.toString());
          await consumer.commitOffsets([
            { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
          ]);
          consumed();
        },
      });
    };

    await supervisor.run('it', { create, begin });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: 'the record' }] });
    await producer.disconnect();

    // stopped between kafkajs' crash and the supervisor's new start (1 s later)
    await waitFor(() => supervisor.stopped().length === 1);
    expect(supervisor.stopped()[0]).toMatchObject({ name: 'it', status: 'stopped' });
    await done;
    expect(seen).toEqual(['the record']);
    await waitFor(() => supervisor.list()[0].status === 'running');
    expect(supervisor.stopped()).toEqual([]);
    expect(
      logs.some((line) => /^it consumer crashed for good \(\w+\); starting a new one in 1000 ms$/.test(line)),
    ).toBe(true);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
