import { deleted } from '@lethe/deletion-sdk';
import { Client } from 'pg';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import { OutboxRelay } from './outbox-relay';

/** Backends of this spec's database that wait for a lock while running a query that matches `pattern`. */
async function waitingOn(harness: CoordinatorHarness, pattern: string): Promise<number> {
  const [row] = await harness.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE $1`,
    [pattern],
  );
  return row.n;
}

describe('a cancel that commits while the relay holds its claim (real PostgreSQL, Kafka and Redis)', () => {
  const harness = new CoordinatorHarness();
  let relay: OutboxRelay;

  beforeAll(async () => {
    await harness.start();
    const service = await harness.startService('vault', { db: async () => deleted(1) });
    await harness.waitForService('vault');
    await service.stop();
    // no background passes: this spec decides when the relay runs
    relay = harness.app.get(OutboxRelay);
    await relay.onApplicationShutdown();
  });
  afterAll(() => harness.stop());

  const publishedCommands = async (): Promise<number> => {
    const admin = harness.kafkaAdmin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(harness.config.topics.commands('vault'));
      return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
    } finally {
      await admin.disconnect();
    }
  };

  it('leaves the task cancelled and publishes nothing', async () => {
    const { status, body } = await harness.api<{ id: string }>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'email', value: 'race@example.org' }] },
    });
    expect(status).toBe(201);
    const requestId = body.id;
    const before = await publishedCommands();

    // Hold the request's audit stream, so the cancel stops just before its commit: it has locked the request
    // and cancelled the task, but nobody else can see that yet.
    const blocker = new Client({ connectionString: harness.config.databaseUrl });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query(`SELECT 1 FROM audit_streams WHERE stream = $1 FOR UPDATE`, [`request:${requestId}`]);
    const cancelling = harness.api('POST', `/v1/erasure-requests/${requestId}/cancel`, { reason: 'race' });
    await harness.waitFor('the cancel to wait on the audit stream', async () =>
      (await waitingOn(harness, '%audit_streams%')) > 0 ? true : undefined,
    );

    // The relay claims the outbox row (its task still reads pending) and waits for the request's lock.
    const draining = relay.drain();
    await harness.waitFor('the relay to wait on the request', async () =>
      (await waitingOn(harness, '%erasure_requests%FOR UPDATE%')) > 0 ? true : undefined,
    );

    await blocker.query('ROLLBACK');
    await blocker.end();
    expect((await cancelling).status).toBe(200);
    await expect(draining).resolves.toBe(1);

    const [task] = await harness.query<{ status: string; attempts: number }>(
      `SELECT status, attempts FROM erasure_tasks WHERE request_id = $1`,
      [requestId],
    );
    expect(task).toEqual({ status: 'cancelled', attempts: 0 });
    const [request] = await harness.query<{ status: string }>(
      `SELECT status FROM erasure_requests WHERE id = $1`,
      [requestId],
    );
    expect(request.status).toBe('cancelled');
    const dispatched = await harness.query(
      `SELECT 1 FROM audit_events WHERE stream = $1 AND type = 'task.dispatched'`,
      [`request:${requestId}`],
    );
    expect(dispatched).toHaveLength(0);
    // the claimed row is used up, so no later pass sends it either
    const unsent = await harness.query(
      `SELECT 1 FROM outbox_messages o JOIN erasure_tasks t ON t.id = o.task_id
        WHERE t.request_id = $1 AND o.sent_at IS NULL`,
      [requestId],
    );
    expect(unsent).toHaveLength(0);
    expect(await publishedCommands()).toBe(before);
  });
});
