import { E2eEnvironment } from '../support/e2e-environment';
import { FreezableTcpProxy } from '../support/freezable-tcp-proxy';
import { seedBatch, submissionSummary, submitBatch } from './support/chaos-batch';
import { report, sleep, startChaosEnvironment } from './support/chaos-environment';
import { assertChaosInvariants } from './support/invariants';

const OUTAGE_MS = Number(process.env.LETHE_CHAOS_PG_OUTAGE_MS ?? 30_000);

describe(`chaos: PostgreSQL unreachable from the coordinator for ${OUTAGE_MS / 1000} s`, () => {
  const env = new E2eEnvironment();
  // only the coordinator goes through the proxy: the services and this test still reach PostgreSQL
  const proxy = new FreezableTcpProxy(Number(new URL(env.databaseUrls.coordinator).port || 5432));

  beforeAll(async () => {
    const port = await proxy.start();
    const url = new URL(env.databaseUrls.coordinator);
    url.port = String(port);
    await startChaosEnvironment(env, {}, { coordinatorDatabaseUrl: url.toString() });
  });
  afterAll(async () => {
    await env.stop();
    await proxy.stop();
  });

  it('settles every request: results that arrive during the outage are applied, not skipped', async () => {
    const subjects = await seedBatch(env, 'pg');
    let frozen = 0;
    let outage: Promise<void> | undefined;
    await submitBatch(env, subjects, {
      onEach: async (index) => {
        if (index !== Math.floor(subjects.length / 2)) return;
        frozen = proxy.makeUnreachable();
        outage = sleep(OUTAGE_MS).then(() => proxy.restore());
      },
      // a client keeps trying for longer than the outage
      resolveWithinMs: OUTAGE_MS + 90_000,
    });
    await outage;
    report('postgres unreachable', { ...submissionSummary(subjects), frozenConnections: frozen });
    await assertChaosInvariants(env, subjects);
  });
});
