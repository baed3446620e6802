import { E2eEnvironment } from '../support/e2e-environment';
import { seedBatch, submissionSummary, submitBatch } from './support/chaos-batch';
import { report, startChaosEnvironment } from './support/chaos-environment';
import { assertChaosInvariants } from './support/invariants';

describe('chaos: every Redis key of the environment wiped mid-flight', () => {
  const env = new E2eEnvironment();
  beforeAll(() => startChaosEnvironment(env, { MARKETING_FAIL_NEXT: '6' }));
  afterAll(() => env.stop());

  it('settles every request: timers and retries are rebuilt from PostgreSQL', async () => {
    // As a real FLUSHALL would, the wipe takes the carts too (so the cart check below holds trivially); what it
    // proves is the coordinator's side: its BullMQ queues, with the retries marketing's failures scheduled, gone.
    const subjects = await seedBatch(env, 'redis');
    let wiped = 0;
    await submitBatch(env, subjects, {
      onEach: async (index) => {
        if (index === Math.floor(subjects.length / 2)) wiped = await env.flushRedis();
      },
    });
    wiped += await env.flushRedis();
    report('redis wipe', { ...submissionSummary(subjects), keysDeleted: wiped });
    await assertChaosInvariants(env, subjects);
  });
});
