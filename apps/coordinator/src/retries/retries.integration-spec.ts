import { deleted, ErasureContext, HandlerOutcome, permanent } from '@lethe/deletion-sdk';
import { Redis } from 'ioredis';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';

interface RequestView {
  id: string;
  status: string;
  tasks: { service: string; status: string; attempts: number; lastError: { code: string } | null }[];
}

/**
 * A service that keeps silent is timed out by moving the test clock past the acknowledgement timeout, not by a
 * short one: with 1.5 s, an answer that a loaded machine delayed that long counted as a timeout too, and the exact
 * attempt counts below came out one higher. A minute stays well inside the clock skew the SDK accepts (5 minutes).
 */
const ACK_TIMEOUT_MS = 60_000;
const FAST_RETRIES = {
  LETHE_ACK_TIMEOUT_MS: String(ACK_TIMEOUT_MS),
  LETHE_RETRY_BASE_DELAY_MS: '200',
  LETHE_RETRY_MAX_DELAY_MS: '800',
  LETHE_MAX_ATTEMPTS: '3',
  LETHE_SWEEP_INTERVAL_MS: '500',
};

async function submit(harness: CoordinatorHarness, email: string): Promise<string> {
  const { status, body } = await harness.api<{ id: string }>('POST', '/v1/erasure-requests', {
    regulation: 'gdpr',
    subject: { identities: [{ type: 'email', value: email }] },
  });
  expect(status).toBe(201);
  return body.id;
}

function waitForStatus(harness: CoordinatorHarness, id: string, status: string): Promise<RequestView> {
  return harness.waitFor(`request ${id} to be ${status}`, async () => {
    const { body } = await harness.api<RequestView>('GET', `/v1/erasure-requests/${id}`);
    return body.status === status ? body : undefined;
  });
}

/** Waits until the request's task has been published to its service. */
function dispatched(harness: CoordinatorHarness, id: string): Promise<true> {
  return harness.waitFor('the command to be published', async () => {
    const rows = await harness.query(
      `SELECT 1 FROM erasure_tasks WHERE request_id = $1 AND status = 'dispatched'`,
      [id],
    );
    return rows.length > 0 ? true : undefined;
  });
}

async function auditTypes(harness: CoordinatorHarness, id: string): Promise<string[]> {
  const rows = await harness.query<{ type: string }>(
    `SELECT type FROM audit_events WHERE stream = $1 ORDER BY seq`,
    [`request:${id}`],
  );
  return rows.map((row) => row.type);
}

/** lethe_task_retries_total for crm with this reason, as /metrics shows it (0 before the first). */
async function retriesCounted(harness: CoordinatorHarness, reason: string): Promise<number> {
  const series = `lethe_task_retries_total{service="crm",reason="${reason}"} `;
  const text = await (await fetch(`${harness.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(series));
  return line === undefined ? 0 : Number(line.slice(series.length));
}

describe('retries (real PostgreSQL, Kafka and Redis)', () => {
  const harness = new CoordinatorHarness(FAST_RETRIES);
  let behaviour: (ctx: ErasureContext) => Promise<HandlerOutcome>;

  beforeAll(async () => {
    await harness.start();
    const service = await harness.startService('crm', { db: (ctx) => behaviour(ctx) });
    await harness.waitForService('crm');
    await service.stop();
  });
  afterAll(() => harness.stop());

  it('retries a silent service and completes once it answers', async () => {
    behaviour = async () => deleted(1);
    const id = await submit(harness, 'silent@example.org');
    await dispatched(harness, id);
    // nobody consumes: the acknowledgement timeout turns the silence into retries
    harness.clock.advance(ACK_TIMEOUT_MS + 1000);
    await harness.waitFor('a second dispatch', async () => {
      const { body } = await harness.api<RequestView>('GET', `/v1/erasure-requests/${id}`);
      return body.tasks[0].attempts >= 2 ? true : undefined;
    });
    const service = await harness.startService('crm', { db: (ctx) => behaviour(ctx) });
    const done = await waitForStatus(harness, id, 'completed');
    expect(done.tasks[0]).toMatchObject({ service: 'crm', status: 'deleted' });
    expect(await auditTypes(harness, id)).toEqual(
      expect.arrayContaining(['task.retry_scheduled', 'request.completed']),
    );
    const timeouts = await harness.query(
      `SELECT 1 FROM audit_events WHERE stream = $1 AND data->'error'->>'code' = 'ACK_TIMEOUT'`,
      [`request:${id}`],
    );
    expect(timeouts.length).toBeGreaterThan(0);
    await service.stop();
  });

  it('spends the attempt budget, needs attention, and recovers on an operator retry', async () => {
    behaviour = async () => {
      throw new Error('crm database is read-only');
    };
    const [failedBefore, operatorBefore] = [
      await retriesCounted(harness, 'failed'),
      await retriesCounted(harness, 'operator'),
    ];
    const service = await harness.startService('crm', { db: (ctx) => behaviour(ctx) });
    const id = await submit(harness, 'budget@example.org');
    const stuck = await waitForStatus(harness, id, 'needs_attention');
    expect(stuck.tasks[0]).toMatchObject({ status: 'failed', attempts: 3 });
    expect(await auditTypes(harness, id)).toContain('task.gave_up');

    behaviour = async () => deleted(2);
    const retried = await harness.api<RequestView>('POST', `/v1/erasure-requests/${id}/retry`);
    expect(retried.status).toBe(200);
    const done = await waitForStatus(harness, id, 'completed');
    expect(done.tasks[0]).toMatchObject({ status: 'deleted', attempts: 4 });
    const retryEvent = await harness.query<{ actor: string }>(
      `SELECT actor FROM audit_events WHERE stream = $1 AND type = 'request.retried'`,
      [`request:${id}`],
    );
    expect(retryEvent).toEqual([{ actor: expect.stringMatching(/^api-key:/) }]);
    // two automatic retries before the budget ran out (earlier tests count too), then the operator's
    expect((await retriesCounted(harness, 'failed')) - failedBefore).toBe(2);
    expect((await retriesCounted(harness, 'operator')) - operatorBefore).toBe(1);

    const again = await harness.api<{ code: string }>('POST', `/v1/erasure-requests/${id}/retry`);
    expect(again.status).toBe(409);
    await service.stop();
  });

  it('does not retry a permanent failure', async () => {
    behaviour = async () => {
      throw permanent(new Error('subject is under legal hold elsewhere'), 'LEGAL_HOLD');
    };
    const service = await harness.startService('crm', { db: (ctx) => behaviour(ctx) });
    const id = await submit(harness, 'permanent@example.org');
    const stuck = await waitForStatus(harness, id, 'needs_attention');
    expect(stuck.tasks[0]).toMatchObject({ status: 'failed', attempts: 1 });
    await service.stop();
  });
});

describe('reconciliation (Redis wiped, command dropped)', () => {
  const REDIS_DB = 9;
  const harness = new CoordinatorHarness({
    ...FAST_RETRIES,
    LETHE_RETRY_BASE_DELAY_MS: '2500',
    LETHE_RETRY_MAX_DELAY_MS: '2500',
    LETHE_MAX_ATTEMPTS: '5',
    REDIS_URL: `redis://127.0.0.1:6379/${REDIS_DB}`,
  });
  const redis = new Redis(`redis://127.0.0.1:6379/${REDIS_DB}`);
  let failuresLeft = 0;

  beforeAll(async () => {
    await harness.start();
    await harness.startService('ledger-svc', {
      db: async () => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('temporarily unavailable');
        }
        return deleted(1);
      },
    });
    await harness.waitForService('ledger-svc');
  });
  afterAll(async () => {
    redis.disconnect();
    await harness.stop();
  });

  it('loses no request when Redis is wiped while a retry is pending', async () => {
    failuresLeft = 1;
    const id = await submit(harness, 'flush@example.org');
    await harness.waitFor('a scheduled retry', async () => {
      const rows = await harness.query(
        `SELECT 1 FROM erasure_tasks WHERE request_id = $1 AND next_attempt_at IS NOT NULL`,
        [id],
      );
      return rows.length > 0 ? true : undefined;
    });
    // the delayed retry job lived only in Redis; the ledger still knows when it is due
    await redis.flushdb();
    expect(await redis.dbsize()).toBe(0);
    const done = await waitForStatus(harness, id, 'completed');
    expect(done.tasks[0].attempts).toBe(2);
  });

  it('re-sends a command that was lost on the way and completes', async () => {
    const service = 'ledger-svc';
    // stop consuming, submit, then delete the command from the topic before anyone reads it
    const admin = harness.kafkaAdmin();
    await admin.connect();
    await harness.stopServices();
    const id = await submit(harness, 'dropped@example.org');
    const topic = harness.config.topics.commands(service);
    await dispatched(harness, id);
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.deleteTopicRecords({
      topic,
      partitions: offsets.map((o) => ({ partition: o.partition, offset: o.high })),
    });
    await admin.disconnect();
    failuresLeft = 0;
    // nobody will ever answer the lost command: past its acknowledgement timeout it is sent again
    harness.clock.advance(ACK_TIMEOUT_MS + 1000);
    await harness.startService(service, { db: async () => deleted(1) });
    const done = await waitForStatus(harness, id, 'completed');
    expect(done.tasks[0].attempts).toBeGreaterThanOrEqual(2);
  });
});
