import { deleted, ErasureContext } from '@lethe/deletion-sdk';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';

interface RequestView {
  id: string;
  status: string;
  tasks: { service: string; status: string; attempts: number }[];
}

const REQUESTS = 24;
const TERMINAL = ['completed', 'cancelled'];

/**
 * Issue 12, item 6: two coordinators on one database and broker. They share the outbox (SKIP LOCKED), the results
 * consumer group and the timers; the state owner's guarded updates and the request row lock keep one request's
 * changes in one order, whichever replica makes them.
 */
describe('two coordinator replicas side by side (real PostgreSQL, Kafka and Redis)', () => {
  const primary = new CoordinatorHarness({ LETHE_OUTBOX_POLL_INTERVAL_MS: '50' });
  let replica: CoordinatorHarness;
  /** Requests whose erasure waits until the test lets it go, keyed by the subject's user id. */
  const gates = new Map<string, () => void>();
  const held = new Set<string>();

  beforeAll(async () => {
    await primary.start();
    replica = await primary.replica().start();
    for (const service of ['accounts', 'orders']) {
      await primary.startService(service, {
        db: async (ctx: ErasureContext) => {
          const [userId] = ctx.valuesOf('user_id');
          if (held.has(userId)) {
            await new Promise<void>((resolve) => gates.set(`${service}:${userId}`, resolve));
          }
          return deleted(1);
        },
      });
      await primary.waitForService(service);
    }
  });
  afterAll(async () => {
    await replica?.stop();
    await primary.stop();
  });

  const submit = (on: CoordinatorHarness, userId: string) =>
    on.api<RequestView>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'user_id', value: userId }] },
      externalId: userId,
    });
  const read = (id: string) => primary.api<RequestView>('GET', `/v1/erasure-requests/${id}`);
  const waitForTerminal = (id: string) =>
    primary.waitFor(`request ${id} to finish`, async () => {
      const { body } = await read(id);
      return TERMINAL.includes(body.status) ? body : undefined;
    });
  const countEvents = async (requestId: string, type: string) =>
    (
      await primary.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_events WHERE stream = $1 AND type = $2`,
        [`request:${requestId}`, type],
      )
    )[0].n;

  it('dispatches each task once and applies each result once, whichever replica took the request', async () => {
    const ids: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const { status, body } = await submit(i % 2 === 0 ? primary : replica, `both-${i}`);
      expect(status).toBe(201);
      ids.push(body.id);
    }
    // the same externalId on the other replica is the same request
    const again = await submit(replica, 'both-0');
    expect(again).toMatchObject({ status: 200, body: { id: ids[0] } });

    for (const id of ids) {
      const done = await waitForTerminal(id);
      expect(done.status).toBe('completed');
      expect(done.tasks.map((t) => [t.status, t.attempts])).toEqual([
        ['deleted', 1],
        ['deleted', 1],
      ]);
      await expect(countEvents(id, 'task.dispatched')).resolves.toBe(2);
      await expect(countEvents(id, 'task.result')).resolves.toBe(2);
      await expect(countEvents(id, 'request.completed')).resolves.toBe(1);
    }
    const stranded = await primary.query(
      `SELECT 1 FROM outbox_messages o JOIN erasure_tasks t ON t.id = o.task_id
        WHERE o.sent_at IS NULL AND t.request_id = ANY($1)`,
      [ids],
    );
    expect(stranded).toEqual([]);
    const audit = await replica.api<{ valid: boolean }>('GET', '/v1/audit/verify');
    expect(audit.body.valid).toBe(true);
  });

  it('settles a cancel on one replica racing a result applied by the other into one consistent outcome', async () => {
    const ids: string[] = [];
    const users = Array.from({ length: 6 }, (_, i) => `race-${i}`);
    const resultsBefore = await primary.messagesWritten(primary.config.topics.results);
    for (const user of users) held.add(user);
    for (const user of users) ids.push((await submit(primary, user)).body.id);
    await primary.waitFor('every erasure to be in hand', async () =>
      gates.size >= users.length * 2 ? true : undefined,
    );

    // each result goes out the moment the other replica is asked to cancel
    const outcomes = await Promise.all(
      users.map(async (user, i) => {
        const cancelling = replica.api('POST', `/v1/erasure-requests/${ids[i]}/cancel`, {
          reason: 'subject withdrew the request',
        });
        for (const service of ['accounts', 'orders']) gates.get(`${service}:${user}`)?.();
        return (await cancelling).status;
      }),
    );
    // a cancel that lost the race to completion is refused, never half-applied
    for (const status of outcomes) expect([200, 409]).toContain(status);

    const terminal = [];
    for (const id of ids) terminal.push(await waitForTerminal(id));
    // Every released erasure answers, cancelled or not: once all those results are on the topic and the
    // coordinators have applied them, a late one has had its chance to change a terminal request, and must not have.
    await primary.waitFor('every held erasure to be answered', async () =>
      (await primary.messagesWritten(primary.config.topics.results)) >= resultsBefore + users.length * 2
        ? true
        : undefined,
    );
    await primary.waitUntilConsumed('lethe-coordinator-results', primary.config.topics.results);
    for (const [i, id] of ids.entries()) {
      const done = terminal[i];
      const settled = (await read(id)).body;
      expect(settled.status).toBe(done.status);
      const finished = await countEvents(id, 'request.completed');
      const cancelled = await countEvents(id, 'request.cancelled');
      expect(finished + cancelled).toBe(1);
      if (settled.status === 'cancelled') {
        expect(outcomes[i]).toBe(200);
        // a task is either cancelled or keeps the one outcome its service reported before the cancel
        for (const task of settled.tasks) expect(['cancelled', 'deleted']).toContain(task.status);
      } else {
        expect(outcomes[i]).toBe(409);
        expect(settled.tasks.every((t) => t.status === 'deleted')).toBe(true);
      }
      const results = await countEvents(id, 'task.result');
      expect(results).toBeLessThanOrEqual(2);
    }
    const audit = await primary.api<{ valid: boolean }>('GET', '/v1/audit/verify');
    expect(audit.body.valid).toBe(true);
  });
});
