import { E2eEnvironment } from '../support/e2e-environment';
import { seedBatch, submissionSummary, submitBatch } from './support/chaos-batch';
import { report, sleep, startChaosEnvironment } from './support/chaos-environment';
import { assertChaosInvariants } from './support/invariants';
import { PrivatePostgres } from './support/private-postgres';

/** How long the server stays down after each shutdown. */
const DOWN_MS = 4000;

/**
 * The coordinator's database on a PostgreSQL server of the scenario's own (the shared one is never restarted), shut
 * down twice: `fast` while requests arrive, `immediate` (a crash) while the services' results arrive. The
 * acknowledgement timeout is longer than the scenario, so nothing is ever re-asked: a result skipped during an
 * outage would leave its request open, and each task must be dispatched exactly once (issue 12, item 2, transient).
 */
describe("chaos: the coordinator's PostgreSQL restarted mid-flight (fast, then immediate shutdown)", () => {
  const postgres = new PrivatePostgres();
  const env = new E2eEnvironment();

  beforeAll(async () => {
    await postgres.init();
    env.placeDatabase('coordinator', postgres.url);
    await startChaosEnvironment(env, { LETHE_ACK_TIMEOUT_MS: '3600000' });
  });
  afterAll(async () => {
    await env.stop();
    await postgres.destroy();
  });

  it('settles every request, each task dispatched once and its result applied, not skipped', async () => {
    const subjects = await seedBatch(env, 'pgrestart');
    // marketing answers each command 1 s late, so results are still arriving after the last submission
    await env.serviceApi('marketing', 'POST', '/admin/latency', { ms: 1000 });
    let restart: Promise<void> | undefined;
    await submitBatch(env, subjects, {
      onEach: async (index) => {
        if (index !== Math.floor(subjects.length / 2)) return;
        restart = postgres
          .stop('fast')
          .then(() => sleep(DOWN_MS))
          .then(() => postgres.start());
      },
    });
    await restart;

    const resultsDue = await env.waitFor('marketing to still owe results', async () => {
      const [row] = await env.query<{ n: number }>(
        'coordinator',
        `SELECT count(*)::int AS n FROM erasure_tasks WHERE service = 'marketing' AND status = 'dispatched'`,
      );
      return row.n > 0 ? row.n : undefined;
    });
    await postgres.stop('immediate');
    await sleep(DOWN_MS);
    await postgres.start();

    report('postgres restart', { ...submissionSummary(subjects), resultsDueAtCrash: resultsDue });
    await assertChaosInvariants(env, subjects);
    const redispatched = await env.query<{ service: string; attempts: number }>(
      'coordinator',
      `SELECT t.service, t.attempts FROM erasure_tasks t JOIN erasure_requests r ON r.id = t.request_id
        WHERE r.external_id = ANY($1) AND t.attempts <> 1`,
      [subjects.map((s) => s.externalId)],
    );
    expect(redispatched).toEqual([]);
  });
});
