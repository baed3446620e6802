import { E2eEnvironment } from '../support/e2e-environment';
import { seedBatch, submissionSummary, submitBatch } from './support/chaos-batch';
import { report, startChaosEnvironment } from './support/chaos-environment';
import { assertChaosInvariants } from './support/invariants';

describe('chaos: two coordinator processes on one database and one set of topics', () => {
  const env = new E2eEnvironment();
  beforeAll(async () => {
    await startChaosEnvironment(env);
    await env.stack.startReplica('coordinator-2');
  });
  afterAll(() => env.stop());

  it('settles every request once, whichever replica took it, with one killed mid-flight', async () => {
    const subjects = await seedBatch(env, 'replicas');
    let restarting: Promise<void> | undefined;
    await submitBatch(env, subjects, {
      coordinators: ['coordinator', 'coordinator-2'],
      onEach: async (index) => {
        if (index !== Math.floor(subjects.length / 2)) return;
        await env.stack.killApp('coordinator-2');
        restarting = env.stack.startApp('coordinator-2');
      },
    });
    await restarting;
    report('two replicas', submissionSummary(subjects));
    await assertChaosInvariants(env, subjects);
  });
});
