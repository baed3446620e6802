import { notFound } from '@lethe/deletion-sdk';
import { encodeMessage, ErasureResult, serviceSigner } from '@lethe/deletion-sdk/protocol';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import { FreezableTcpProxy } from '../../test/support/freezable-tcp-proxy';
import { TEST_KAFKA_MAX_WAIT_MS } from '../../test/support/test-kafka';
import { TaskStateService } from '../tasks/task-state.service';
import { ResultService } from './result.service';

interface Dispatched {
  requestId: string;
  taskId: string;
}

/**
 * The batch consumer of results against real Kafka and PostgreSQL. The only service registers and then stops, so
 * every result here is one the test publishes itself, signed with that service's key, all on one partition: a
 * sentinel result published last is applied only after everything before it, which is how each test knows the
 * consumer got that far without waiting on a clock.
 */
function resultHarness(harness: CoordinatorHarness) {
  let producer: Producer;
  const kafka = () => new Kafka({ brokers: harness.config.kafkaBrokers, logLevel: logLevel.NOTHING });

  const setUp = async () => {
    await harness.start();
    await harness.startService('billing', { db: async () => notFound() });
    await harness.waitForService('billing');
    await harness.stopServices();
    producer = kafka().producer();
    await producer.connect();
  };
  const tearDown = async () => {
    await producer?.disconnect();
    await harness.stop();
  };

  const submitDispatched = async (): Promise<Dispatched> => {
    const { status, body } = await harness.api<{ id: string }>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'email', value: `${randomUUID()}@example.org` }] },
    });
    expect(status).toBe(201);
    return harness.waitFor('dispatch', async () => {
      const [task] = await harness.query<{ id: string }>(
        `SELECT id FROM erasure_tasks WHERE request_id = $1 AND status = 'dispatched'`,
        [body.id],
      );
      return task ? { requestId: body.id, taskId: task.id } : undefined;
    });
  };

  const result = (to: Dispatched, overrides: Partial<ErasureResult> = {}): ErasureResult => ({
    v: 1,
    type: 'erasure.result',
    id: randomUUID(),
    requestId: to.requestId,
    taskId: to.taskId,
    service: 'billing',
    attempt: 1,
    outcome: 'deleted',
    recordsAffected: 1,
    completedAt: new Date().toISOString(),
    sdkVersion: 'test',
    ...overrides,
  });

  /** Publishes results, in this order, to partition 0 of the results topic, as the service would sign them. */
  const publish = async (results: ErasureResult[]) => {
    const topic = harness.config.topics.results;
    const signer = serviceSigner(harness.keys.signingKeyFor('billing'));
    await producer.send({
      topic,
      messages: results.map((r) => ({
        partition: 0,
        key: r.requestId,
        ...encodeMessage(r, { topic, key: r.requestId }, signer),
      })),
    });
  };

  const status = async (requestId: string) =>
    (
      await harness.query<{ status: string }>(`SELECT status FROM erasure_requests WHERE id = $1`, [
        requestId,
      ])
    )[0].status;
  const completed = (requestId: string) =>
    harness.waitFor(`request ${requestId} to complete`, async () =>
      (await status(requestId)) === 'completed' ? true : undefined,
    );
  const events = async (requestId: string) =>
    (
      await harness.query<{ type: string }>(`SELECT type FROM audit_events WHERE stream = $1 ORDER BY seq`, [
        `request:${requestId}`,
      ])
    ).map((row) => row.type);

  return { kafka, setUp, tearDown, submitDispatched, result, publish, status, completed, events };
}

describe('result batches (in-process coordinator, real Kafka and PostgreSQL)', () => {
  const harness = new CoordinatorHarness();
  const it_ = resultHarness(harness);

  beforeAll(() => it_.setUp());
  afterAll(() => it_.tearDown());

  it('applies a batch in order per request, and the same batch again changes nothing', async () => {
    const [a, b, c, sentinel, sentinel2] = await Promise.all(
      Array.from({ length: 5 }, () => it_.submitDispatched()),
    );
    const failure = it_.result(a, {
      outcome: 'failed',
      recordsAffected: 0,
      error: { code: 'DB_DOWN', message: 'store unreachable', retriable: true },
    });
    const bDeleted = it_.result(b, { recordsAffected: 7 });
    // a: a retriable failure, then the late success of the same attempt; b: its result twice; c: not found
    const batch = [
      failure,
      it_.result(a),
      bDeleted,
      bDeleted,
      it_.result(c, { outcome: 'not_found', recordsAffected: 0 }),
    ];
    await it_.publish([...batch, it_.result(sentinel)]);
    await it_.completed(sentinel.requestId);

    await expect(it_.status(a.requestId)).resolves.toBe('completed');
    await expect(it_.events(a.requestId)).resolves.toEqual([
      'request.received',
      'task.dispatched',
      'task.result',
      'task.retry_scheduled',
      'task.result',
      'request.completed',
    ]);
    await expect(it_.events(b.requestId)).resolves.toEqual([
      'request.received',
      'task.dispatched',
      'task.result',
      'request.completed',
    ]);
    const [bTask] = await harness.query<{ records_affected: number }>(
      `SELECT records_affected FROM erasure_tasks WHERE id = $1`,
      [b.taskId],
    );
    expect(bTask.records_affected).toBe(7);
    await expect(it_.status(c.requestId)).resolves.toBe('completed');

    const before = await Promise.all([a, b, c].map((d) => it_.events(d.requestId)));
    await it_.publish([...batch, it_.result(sentinel2)]);
    await it_.completed(sentinel2.requestId);
    await expect(Promise.all([a, b, c].map((d) => it_.events(d.requestId)))).resolves.toEqual(before);

    const verify = await harness.api<{ valid: boolean }>('GET', '/v1/audit/verify');
    expect(verify.body.valid).toBe(true);
  });

  it('rolls back a batch whose connection is killed half-way, and applies it once when it comes again', async () => {
    const [f, g] = await Promise.all([it_.submitDispatched(), it_.submitDispatched()]);
    const results = harness.app.get(ResultService);
    const state = harness.app.get(TaskStateService);
    const batch = [it_.result(f), it_.result(g)].map((result) => ({ result, actor: 'service:billing' }));
    // the task updates have run; PostgreSQL then loses the session before the audit append and the commit
    const kill = jest.spyOn(state, 'settleRequests').mockImplementationOnce(async (manager) => {
      await manager.query('SELECT pg_terminate_backend(pg_backend_pid())');
      return [];
    });
    await expect(results.applyMany(batch)).rejects.toThrow();
    kill.mockRestore();
    const tasks = await harness.query<{ status: string }>(
      `SELECT status FROM erasure_tasks WHERE id = ANY($1)`,
      [[f.taskId, g.taskId]],
    );
    expect(tasks.map((t) => t.status)).toEqual(['dispatched', 'dispatched']);
    await expect(it_.events(f.requestId)).resolves.toEqual(['request.received', 'task.dispatched']);

    await results.applyMany(batch);
    await results.applyMany(batch);
    for (const d of [f, g]) {
      await expect(it_.status(d.requestId)).resolves.toBe('completed');
      await expect(it_.events(d.requestId)).resolves.toEqual([
        'request.received',
        'task.dispatched',
        'task.result',
        'request.completed',
      ]);
    }
  });

  it('dead-letters a result PostgreSQL refuses, with the reason, and applies the rest of its batch', async () => {
    // a real refusal by the database for one value, which no decoder check knows about
    await harness.query(
      `ALTER TABLE erasure_tasks ADD CONSTRAINT it_refuses_4242 CHECK (records_affected IS DISTINCT FROM 4242)`,
    );
    try {
      const [refused, good, sentinel] = await Promise.all(
        Array.from({ length: 3 }, () => it_.submitDispatched()),
      );
      await it_.publish([
        it_.result(refused, { recordsAffected: 4242 }),
        it_.result(good),
        it_.result(sentinel),
      ]);
      await it_.completed(sentinel.requestId);
      await expect(it_.status(good.requestId)).resolves.toBe('completed');
      await expect(it_.events(refused.requestId)).resolves.toEqual(['request.received', 'task.dispatched']);

      const consumer = it_.kafka().consumer({
        groupId: `${harness.name}-dlq-reader`,
        maxWaitTimeInMs: TEST_KAFKA_MAX_WAIT_MS,
      });
      const reasons: string[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic: `${harness.config.topics.results}.dlq`, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => void reasons.push(String(message.headers?.['lethe-dlq-reason'])),
      });
      await harness.waitFor('the dead letter', async () => (reasons.length > 0 ? true : undefined));
      await consumer.disconnect();
      expect(reasons).toEqual(['LEDGER_REFUSED: PostgreSQL refused the values (SQLSTATE 23514)']);
    } finally {
      await harness.query(`ALTER TABLE erasure_tasks DROP CONSTRAINT it_refuses_4242`);
    }
  });
});

describe('results while PostgreSQL is unreachable (in-process coordinator, real Kafka and PostgreSQL)', () => {
  const proxy = new FreezableTcpProxy(5432);
  const harness = new CoordinatorHarness();
  const it_ = resultHarness(harness);
  let port: number;

  beforeAll(async () => {
    port = await proxy.start();
    harness.routeDatabaseThrough(port);
    await it_.setUp();
  });
  afterAll(async () => {
    await it_.tearDown();
    await proxy.stop();
  });

  it('keeps the result, retries it in place, and applies it once PostgreSQL is back', async () => {
    const request = await it_.submitDispatched();
    const results = harness.app.get(ResultService);
    const apply = results.applyMany.bind(results);
    let failures = 0;
    jest.spyOn(results, 'applyMany').mockImplementation(async (batch) => {
      try {
        return await apply(batch);
      } catch (error) {
        failures += 1;
        throw error;
      }
    });

    await proxy.stop();
    await it_.publish([it_.result(request)]);
    // the consumer tried, paused, read the same result again and failed again: nothing was skipped
    await harness.waitFor('two failed attempts', async () => (failures >= 2 ? true : undefined));
    await proxy.start(port);

    await it_.completed(request.requestId);
    await expect(it_.events(request.requestId)).resolves.toEqual([
      'request.received',
      'task.dispatched',
      'task.result',
      'request.completed',
    ]);
  });
});
