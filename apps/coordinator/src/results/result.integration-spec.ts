import { deleted, ErasureContext, ErasureResult, notFound } from '@lethe/deletion-sdk';
import { encodeMessage, serviceSigner } from '@lethe/deletion-sdk/protocol';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import { TEST_KAFKA_MAX_WAIT_MS } from '../../test/support/test-kafka';

interface RequestView {
  id: string;
  status: string;
  tasks: { status: string; recordsAffected: number | null }[];
}

describe('result handling (in-process coordinator, real Kafka and PostgreSQL)', () => {
  const harness = new CoordinatorHarness();

  beforeAll(async () => {
    await harness.start();
    await harness.startService('billing', {
      db: async (ctx: ErasureContext) => (ctx.valuesOf('email').length ? deleted(3) : notFound()),
    });
    await harness.waitForService('billing');
  });
  afterAll(() => harness.stop());

  const submit = async () => {
    const { status, body } = await harness.api<RequestView>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'email', value: `${randomUUID()}@example.org` }] },
    });
    expect(status).toBe(201);
    return body;
  };
  const completion = (id: string) =>
    harness.waitFor('completion', async () => {
      const r = await harness.api<RequestView>('GET', `/v1/erasure-requests/${id}`);
      return r.body.status === 'completed' ? r.body : undefined;
    });

  it('completes a request when the only service reports deleted', async () => {
    const request = await submit();
    const done = await completion(request.id);
    expect(done.tasks[0].recordsAffected).toBe(3);
  });

  it('dead-letters malformed and forged results with the reason, and carries on', async () => {
    const request = await submit();
    await completion(request.id);
    const [task] = await harness.query<{ id: string }>(`SELECT id FROM erasure_tasks WHERE request_id = $1`, [
      request.id,
    ]);
    const kafka = new Kafka({ brokers: harness.config.kafkaBrokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const forged: ErasureResult = {
      v: 1,
      type: 'erasure.result',
      id: randomUUID(),
      requestId: request.id,
      taskId: task.id,
      service: 'billing',
      attempt: 1,
      outcome: 'not_found',
      recordsAffected: 0,
      completedAt: new Date().toISOString(),
      sdkVersion: 'attacker',
    };
    const topic = harness.config.topics.results;
    await producer.send({
      topic,
      messages: [
        { key: 'x', value: '{"not": "a result"' },
        {
          key: request.id,
          ...encodeMessage(
            forged,
            { topic, key: request.id },
            serviceSigner({ id: 'k1', secret: 'not-the-billing-secret' }),
          ),
        },
        // A genuine billing result, replayed onto the results topic under another request's key.
        {
          key: randomUUID(),
          ...encodeMessage(
            forged,
            { topic, key: request.id },
            serviceSigner(harness.keys.signingKeyFor('billing')),
          ),
        },
      ],
    });
    await producer.disconnect();

    const consumer = kafka.consumer({
      groupId: `${harness.name}-dlq-reader`,
      maxWaitTimeInMs: TEST_KAFKA_MAX_WAIT_MS,
    });
    const reasons: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: `${topic}.dlq`, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        reasons.push(String(message.headers?.['lethe-dlq-reason']));
      },
    });
    await harness.waitFor('three dead letters', async () => (reasons.length >= 3 ? true : undefined));
    await consumer.disconnect();
    // the replayed result went to another partition (other key), so the order across partitions is not fixed
    expect([...reasons].sort()).toEqual([
      'BAD_SIGNATURE: signature does not match for billing',
      'BAD_SIGNATURE: signature does not match for billing',
      'MALFORMED_JSON: message value is not valid JSON',
    ]);

    // the forged "not_found" changed nothing, and the consumer still works
    const after = await harness.api<RequestView>('GET', `/v1/erasure-requests/${request.id}`);
    expect(after.body.tasks[0]).toMatchObject({ status: 'deleted', recordsAffected: 3 });
    const next = await submit();
    await expect(completion(next.id)).resolves.toMatchObject({ status: 'completed' });
  });
});
