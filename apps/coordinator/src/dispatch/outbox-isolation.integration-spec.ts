import { notFound } from '@lethe/deletion-sdk';
import { randomBytes } from 'node:crypto';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import { OutboxRelay } from './outbox-relay';

interface OutboxRow {
  request_id: string;
  sent: boolean;
  publish_attempts: number;
  backed_off: boolean;
  last_error: string | null;
}

/** One bad outbox row among good ones, against real Kafka and PostgreSQL; the spec runs the relay by hand. */
describe('outbox rows that cannot be published (real PostgreSQL, Kafka and Redis)', () => {
  const harness = new CoordinatorHarness();
  let relay: OutboxRelay;

  beforeAll(async () => {
    await harness.start();
    await harness.startService('ledgerbook', { db: async () => notFound() });
    await harness.waitForService('ledgerbook');
    await harness.stopServices();
    relay = harness.app.get(OutboxRelay);
    await relay.onApplicationShutdown();
  });
  afterAll(() => harness.stop());

  const submit = async (): Promise<string> => {
    const { status, body } = await harness.api<{ id: string }>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'email', value: `${randomBytes(6).toString('hex')}@example.org` }] },
    });
    expect(status).toBe(201);
    return body.id;
  };
  const outbox = (requestIds: string[]) =>
    harness.query<OutboxRow>(
      `SELECT t.request_id, o.sent_at IS NOT NULL AS sent, o.publish_attempts,
              o.next_attempt_at IS NOT NULL AS backed_off, o.last_error
         FROM outbox_messages o JOIN erasure_tasks t ON t.id = o.task_id
        WHERE t.request_id = ANY($1)`,
      [requestIds],
    );
  const published = async (): Promise<number> => {
    const admin = harness.kafkaAdmin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(harness.config.topics.commands('ledgerbook'));
      return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
    } finally {
      await admin.disconnect();
    }
  };

  it('publishes the good rows and backs off the one whose identities no longer open', async () => {
    const [good1, poison, good2] = [await submit(), await submit(), await submit()];
    await harness.query(`UPDATE erasure_requests SET wrapped_data_key = $2 WHERE id = $1`, [
      poison,
      randomBytes(60),
    ]);
    const before = await published();
    await relay.drain();

    expect(await published()).toBe(before + 2);
    const rows = new Map((await outbox([good1, poison, good2])).map((row) => [row.request_id, row]));
    expect(rows.get(good1)).toMatchObject({ sent: true, publish_attempts: 0 });
    expect(rows.get(good2)).toMatchObject({ sent: true, publish_attempts: 0 });
    expect(rows.get(poison)).toMatchObject({ sent: false, publish_attempts: 1, backed_off: true });
    expect(rows.get(poison)?.last_error).toMatch(/^(Type)?Error: /);
    const [task] = await harness.query<{ status: string }>(
      `SELECT status FROM erasure_tasks WHERE request_id = $1`,
      [poison],
    );
    expect(task.status).toBe('pending');

    // a second pass while it backs off leaves it alone: it does not hold up the rows behind it
    const next = await submit();
    await relay.drain();
    expect((await outbox([next]))[0]).toMatchObject({ sent: true });
    expect((await outbox([poison]))[0]).toMatchObject({ sent: false, backed_off: true });
  });

  it('re-creates a command topic Kafka lost, and publishes to it once the row is due again', async () => {
    const topic = harness.config.topics.commands('ledgerbook');
    const admin = harness.kafkaAdmin();
    await admin.connect();
    try {
      await admin.deleteTopics({ topics: [topic] });
      await harness.waitFor('the topic to be gone', async () =>
        (await admin.listTopics()).includes(topic) ? undefined : true,
      );
    } finally {
      await admin.disconnect();
    }
    const requestId = await submit();
    await relay.drain();
    const [failed] = await outbox([requestId]);
    expect(failed).toMatchObject({ sent: false, publish_attempts: 1, backed_off: true });

    // the relay re-created the topic; once the row's backoff is over, the next pass publishes it
    await harness.query(
      `UPDATE outbox_messages SET next_attempt_at = now() - interval '1 second'
        WHERE task_id IN (SELECT id FROM erasure_tasks WHERE request_id = $1)`,
      [requestId],
    );
    await harness.waitFor('the row to be sent', async () => {
      await relay.drain();
      return (await outbox([requestId]))[0].sent ? true : undefined;
    });
    expect(await published()).toBeGreaterThanOrEqual(1);
    const [task] = await harness.query<{ status: string }>(
      `SELECT status FROM erasure_tasks WHERE request_id = $1`,
      [requestId],
    );
    expect(task.status).toBe('dispatched');
    const [sent] = await outbox([requestId]);
    expect(sent).toMatchObject({ sent: true, last_error: null });
  });
});
