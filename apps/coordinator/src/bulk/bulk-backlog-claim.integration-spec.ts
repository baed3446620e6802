import { notFound } from '@lethe/deletion-sdk';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import { CLAIM_OUTBOX_BATCH, OutboxRelay } from '../dispatch/outbox-relay';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}

const BACKLOG = 5000;
const BATCH = 100;

/**
 * What stalled 100,000-subject bulk jobs: a bulk load leaves the outbox with a backlog the planner's statistics
 * do not know of yet (autovacuum analyses a while later; here it is off, so the lag is certain), and a claim
 * that joined before it limited joined the whole backlog for every batch. Real PostgreSQL, the relay's own SQL.
 */
describe('claiming an outbox batch behind a bulk backlog (real PostgreSQL)', () => {
  const harness = new CoordinatorHarness();

  beforeAll(async () => {
    await harness.start();
    await harness.startService('ledgerbook', { db: async () => notFound() });
    await harness.waitForService('ledgerbook');
    await harness.stopServices();
    // the spec claims by hand: nothing else may take the rows
    await harness.app.get(OutboxRelay).onApplicationShutdown();
  });
  afterAll(() => harness.stop());

  it('joins only the rows it claims, whatever the planner believes about the backlog', async () => {
    await harness.query(`ALTER TABLE outbox_messages SET (autovacuum_enabled = off)`);
    const { status } = await harness.api('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'email', value: 'backlog@example.org' }] },
    });
    expect(status).toBe(201);
    // the backlog: more attempts of that one task, unsent, as a bulk job leaves thousands of rows behind
    await harness.query(
      `INSERT INTO outbox_messages (command_id, task_id, attempt, created_at)
       SELECT gen_random_uuid(), o.task_id, o.attempt + g, o.created_at
         FROM (SELECT task_id, attempt, created_at FROM outbox_messages ORDER BY id LIMIT 1) o,
              generate_series(1, $1::int) g`,
      [BACKLOG],
    );
    const [unsent] = await harness.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE sent_at IS NULL`,
    );
    expect(unsent.n).toBeGreaterThan(BACKLOG);

    const [explained] = await harness.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${CLAIM_OUTBOX_BATCH}`,
      [BATCH, new Date()],
    );
    const plan = explained['QUERY PLAN'][0].Plan;
    const joined = new Map<string, number>();
    const walk = (node: PlanNode): void => {
      const relation = node['Relation Name'];
      if (relation && relation !== 'outbox_messages') {
        joined.set(relation, (joined.get(relation) ?? 0) + node['Actual Rows'] * node['Actual Loops']);
      }
      node.Plans?.forEach(walk);
    };
    walk(plan);
    expect(plan['Actual Rows']).toBe(BATCH);
    expect(joined.get('erasure_tasks')).toBeDefined();
    for (const [relation, rows] of joined) expect({ relation, rows }).toEqual({ relation, rows: BATCH });
  });
});
