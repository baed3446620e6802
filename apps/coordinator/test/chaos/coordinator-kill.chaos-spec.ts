import { E2eEnvironment } from '../support/e2e-environment';
import { seedBatch, submissionSummary, submitBatch } from './support/chaos-batch';
import { report, startChaosEnvironment } from './support/chaos-environment';
import { assertChaosInvariants } from './support/invariants';

describe('chaos: kill -9 of the coordinator mid-flight', () => {
  const env = new E2eEnvironment();
  beforeAll(() => startChaosEnvironment(env));
  afterAll(() => env.stop());

  it('settles every request, and the submissions that got no answer resolve by externalId', async () => {
    const subjects = await seedBatch(env, 'kill');
    let restarting: Promise<void> | undefined;
    await submitBatch(env, subjects, {
      onEach: async (index) => {
        if (index !== Math.floor(subjects.length / 2)) return;
        await env.stack.killApp('coordinator');
        // started again in the background: the submissions meanwhile get no answer
        restarting = env.stack.startApp('coordinator');
      },
    });
    await restarting;
    report('coordinator kill -9', submissionSummary(subjects));
    await assertChaosInvariants(env, subjects);
  });
});
