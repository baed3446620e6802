import { E2eEnvironment } from '../support/e2e-environment';
import { seedBatch, submissionSummary, submitBatch } from './support/chaos-batch';
import { report, startChaosEnvironment } from './support/chaos-environment';
import { assertChaosInvariants } from './support/invariants';

describe('chaos: kill -9 of marketing while its handlers are slow', () => {
  const env = new E2eEnvironment();
  beforeAll(() => startChaosEnvironment(env));
  afterAll(() => env.stop());

  it('settles every request: the commands it held are handled again by the restarted service', async () => {
    const subjects = await seedBatch(env, 'svc');
    // every marketing handler takes 3 s, so the kill lands with handlers in hand and offsets uncommitted
    await env.serviceApi('marketing', 'POST', '/admin/latency', { ms: 3000 });
    await submitBatch(env, subjects);
    await env.waitFor('marketing to have commands in hand', async () => {
      const [row] = await env.query<{ n: number }>(
        'coordinator',
        `SELECT count(*)::int AS n FROM erasure_tasks WHERE service = 'marketing' AND status = 'dispatched'`,
      );
      return row.n > 0 ? row.n : undefined;
    });
    await env.stack.killApp('marketing');
    // restarted without the latency (it is set at run time, not in its environment)
    await env.stack.startApp('marketing');
    report('service killed mid-handler', submissionSummary(subjects));
    await assertChaosInvariants(env, subjects);
  });
});
