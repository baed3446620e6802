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
 * answers, held back until then, complete every task. The transient kind (PostgreSQL down while results arrive) is `postgres-restart`.
 */
describe('chaos: results that PostgreSQL cannot store, signed by a real service', () => {
  const env = new E2eEnvironment();
  const kafka = chaosKafka();
  const producer = kafka.producer();
  beforeAll(async () => {
    // nothing is re-asked or timed out while marketing holds its commands: each task keeps its first attempt
    await startChaosEnvironment(env, { LETHE_ACK_TIMEOUT_MS: '600000', LETHE_HANDLER_TIMEOUT_MS: '300000' });
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
        WHERE service = 'marketing' AND status = 'dispatched' ORDER BY id`,
    );
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
      await env
        .waitFor('every forged result dead-lettered', async () =>
          ids.every((id) => reasons.has(id)) ? true : undefined,
        )
        .catch((error: Error) => {
          const missing = ids.map((id, kind) => [kind % 4, id]).filter(([, id]) => !reasons.has(String(id)));
          throw new Error(
            `not dead-lettered (kind, result id): ${JSON.stringify(missing)}; dead letters: ` +
              `${JSON.stringify([...reasons])}\n${env.logLines(/dead-letter|cannot be stored|could not/).join('\n')}\n` +
              error.message.split('\n')[0],
          );
        });
      return reasons;
    } finally {
      await consumer.disconnect();
    }
  }

  it('dead-letters each with its reason, applies none, and completes every request', async () => {
    const subjects = await seedBatch(env, 'unstorable');
    // marketing's handlers hold every command until the forged results are dead-lettered, so each forged result
    // meets a task still waiting for exactly that attempt's answer
    const emails = subjects.map((s) => s.customer.email);
    await env.serviceApi('marketing', 'POST', '/admin/hangs', { emails });
    await submitBatch(env, subjects);
    await env.waitFor('every marketing task dispatched', async () => {
      const [row] = await env.query<{ n: number }>(
        'coordinator',
        `SELECT count(*)::int AS n FROM erasure_tasks t JOIN erasure_requests r ON r.id = t.request_id
          WHERE r.external_id = ANY($1) AND t.service = 'marketing' AND t.status = 'dispatched'`,
        [subjects.map((s) => s.externalId)],
      );
      return row.n === subjects.length ? true : undefined;
    });
    const forged = await forge();
    expect(forged.length).toBe(subjects.length);
    const reasons = await deadLettersOf(forged.map((r) => r.id));
    expect(forged.map((r, kind) => [kind % 4, reasons.get(r.id)?.split(':')[0]])).toEqual(
      forged.map((_, kind) => [kind % 4, kind % 4 === 3 ? 'LEDGER_REFUSED' : 'SCHEMA_VIOLATION']),
    );

    await env.serviceApi('marketing', 'POST', '/admin/hangs', { emails: [] });
    await assertChaosInvariants(env, subjects);
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
