import { E2eEnvironment } from '../support/e2e-environment';
import { BATCH_SIZE, seedBatch, submissionSummary, submitBatch } from './support/chaos-batch';
import { report, startChaosEnvironment } from './support/chaos-environment';
import { assertChaosInvariants } from './support/invariants';

describe('chaos: marketing down for the whole retry window, then back', () => {
  const env = new E2eEnvironment();
  // two attempts, each given up after 3 s without an answer: the window is over within seconds
  beforeAll(() => startChaosEnvironment(env, { LETHE_MAX_ATTEMPTS: '2', LETHE_ACK_TIMEOUT_MS: '3000' }));
  afterAll(() => env.stop());

  it('puts every request in needs_attention, and an operator retry completes each', async () => {
    const subjects = await seedBatch(env, 'down', Math.min(BATCH_SIZE, 12));
    await env.stack.stopApp('marketing');
    await submitBatch(env, subjects);
    await env.waitFor(
      'every request to need attention',
      async () => {
        const rows = await env.query<{ n: number }>(
          'coordinator',
          `SELECT count(*)::int AS n FROM erasure_requests WHERE id = ANY($1) AND status = 'needs_attention'`,
          [subjects.map((s) => s.requestId)],
        );
        return rows[0].n === subjects.length ? true : undefined;
      },
      120_000,
    );
    // the operator retries while marketing is still down; its commands (the given-up ones and the retries) wait in
    // Kafka, and the restarted service answers them all: only the retry's answer may count
    const refused = [];
    for (const subject of subjects) {
      const retried = await env.api<{ code?: string }>(
        'POST',
        `/v1/erasure-requests/${subject.requestId}/retry`,
        {},
      );
      if (retried.status !== 200) refused.push({ status: retried.status, code: retried.body?.code });
    }
    expect(refused).toEqual([]);
    await env.stack.startApp('marketing');
    report('service down for the retry window', submissionSummary(subjects));
    await assertChaosInvariants(env, subjects);
  });
});
