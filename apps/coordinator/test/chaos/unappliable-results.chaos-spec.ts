import { encodeMessage, ErasureResult, serviceSigner } from '@lethe/deletion-sdk/protocol';
import { randomBytes, randomUUID } from 'node:crypto';
import { serviceSecret } from '../../../../scripts/lib/stack';
import { E2eEnvironment } from '../support/e2e-environment';
import { seedBatch, submissionSummary, submitBatch } from './support/chaos-batch';
import { chaosKafka, report, startChaosEnvironment } from './support/chaos-environment';
import { assertChaosInvariants } from './support/invariants';

/** A value of records_affected the coordinator's database is made to refuse, which no decoder check knows. */
const REFUSED_COUNT = 4242;

interface DispatchedTask {
  requestId: string;
  taskId: string;
  attempt: number;
}

/**
 * Issue 12, item 2, the permanent kind: results signed with marketing's own key, for its real dispatched tasks, that
 * PostgreSQL would never store — a count beyond a 32-bit integer, a NUL in the error message of a failure that is
 * not retriable, an id that is not a UUID — and one it does refuse (a CHECK constraint added for the scenario). Each
 * is dead-lettered with its reason; none is applied, so no request ends needs_attention, and marketing's real
 * answers complete every task. The transient kind (PostgreSQL down while results arrive) is `postgres-restart`.
 */
describe('chaos: results that PostgreSQL cannot store, signed by a real service', () => {
  const env = new E2eEnvironment();
  const kafka = chaosKafka();
  const producer = kafka.producer();
  beforeAll(async () => {
    await startChaosEnvironment(env);
    await producer.connect();
    await env.query(
      'coordinator',
      `ALTER TABLE erasure_tasks ADD CONSTRAINT chaos_refuses_${REFUSED_COUNT}
         CHECK (records_affected IS DISTINCT FROM ${REFUSED_COUNT})`,
    );
  });
  afterAll(async () => {
    await producer.disconnect();
    await env.stop();
  });

  /** The four kinds of unstorable result for `task`, in turn. */
  function unstorable(task: DispatchedTask, kind: number): ErasureResult {
    const base: ErasureResult = {
      v: 1,
      type: 'erasure.result',
      id: randomUUID(),
      requestId: task.requestId,
      taskId: task.taskId,
      service: 'marketing',
      attempt: task.attempt,
      outcome: 'deleted',
      recordsAffected: 1,
      completedAt: new Date().toISOString(),
      sdkVersion: 'chaos',
    };
    switch (kind % 4) {
      case 0:
        return { ...base, recordsAffected: 2 ** 40 };
      case 1:
        return {
          ...base,
          outcome: 'failed',
          recordsAffected: 0,
          error: { code: 'BROKEN', message: 'disk \u0000 full', retriable: false },
        };
      case 2:
        return { ...base, taskId: `task-${randomBytes(4).toString('hex')}` };
      default:
        return { ...base, recordsAffected: REFUSED_COUNT };
    }
  }

  async function forge(): Promise<ErasureResult[]> {
    const tasks = await env.query<DispatchedTask>(
      'coordinator',
      `SELECT request_id AS "requestId", id AS "taskId", attempts AS attempt FROM erasure_tasks
        WHERE service = 'marketing' AND status = 'dispatched' ORDER BY dispatched_at DESC`,
    );
    // the latest dispatched first: the refusal by PostgreSQL needs a task that is not answered by then
    const results = tasks.map((task, index) => unstorable(task, index));
    const topic = `${env.name}.lethe.erasure.results`;
    const signer = serviceSigner({ id: 'k1', secret: serviceSecret(env.secretKey, 'marketing') });
    await producer.send({
      topic,
      messages: results.map((r) => ({
        key: r.requestId,
        ...encodeMessage(r, { topic, key: r.requestId }, signer),
      })),
    });
    return results;
  }

  /** The results topic's dead letters (claimed result id → reason), read until each of `ids` is among them. */
  async function deadLettersOf(ids: string[]): Promise<Map<string, string>> {
    const reasons = new Map<string, string>();
    const consumer = kafka.consumer({ groupId: `chaos-dlq-reader-${randomBytes(4).toString('hex')}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: `${env.name}.lethe.erasure.results.dlq`, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const envelope = JSON.parse(String(message.value)) as { original: { id?: string } };
          reasons.set(envelope.original.id ?? '?', String(message.headers?.['lethe-dlq-reason']));
        },
      });
      await env.waitFor('every forged result dead-lettered', async () =>
        ids.every((id) => reasons.has(id)) ? true : undefined,
      );
      return reasons;
    } finally {
      await consumer.disconnect();
    }
  }

  it('dead-letters each with its reason, applies none, and completes every request', async () => {
    const subjects = await seedBatch(env, 'unstorable');
    // marketing answers 1.5 s late, so its tasks are still dispatched when the forged results arrive
    await env.serviceApi('marketing', 'POST', '/admin/latency', { ms: 1500 });
    let forged: ErasureResult[] = [];
    await submitBatch(env, subjects, {
      onEach: async (index) => {
        if (index === Math.floor(subjects.length / 2)) forged = await forge();
      },
    });
    expect(forged.length).toBeGreaterThanOrEqual(4);
    await assertChaosInvariants(env, subjects);

    const reasons = await deadLettersOf(forged.map((r) => r.id));
    expect(forged.map((r, kind) => [kind % 4, reasons.get(r.id)?.split(':')[0]])).toEqual(
      forged.map((_, kind) => [kind % 4, kind % 4 === 3 ? 'LEDGER_REFUSED' : 'SCHEMA_VIOLATION']),
    );

    const ids = subjects.map((s) => `request:${s.requestId}`);
    const wronglyApplied = await env.query<{ type: string }>(
      'coordinator',
      `SELECT type FROM audit_events WHERE stream = ANY($1)
         AND (type = 'request.needs_attention' OR data->>'resultId' = ANY($2))`,
      [ids, forged.map((r) => r.id)],
    );
    expect(wronglyApplied).toEqual([]);
    report('unstorable results', { ...submissionSummary(subjects), forged: forged.length });
  });
});
