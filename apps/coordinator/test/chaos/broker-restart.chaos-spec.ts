import { E2eEnvironment } from '../support/e2e-environment';
import { seedBatch, submissionSummary, submitBatch } from './support/chaos-batch';
import { report, startChaosEnvironment } from './support/chaos-environment';
import { assertChaosInvariants } from './support/invariants';
import { PrivateKafka } from './support/private-kafka';

// The shop runs on a broker of its own, so the restart touches no other scenario (they run side by side) and no
// broker someone else runs (KAFKA_BROKERS): the scenario runs whichever broker the rest of the suite uses.
describe('chaos: a broker restart mid-flight', () => {
  const env = new E2eEnvironment();
  const kafka = new PrivateKafka();
  beforeAll(async () => {
    await kafka.init();
    await startChaosEnvironment(env, {}, { kafkaBrokers: kafka.brokers });
  });
  afterAll(async () => {
    await env.stop();
    await kafka.destroy();
  });

  it('settles every request once the broker is back', async () => {
    const subjects = await seedBatch(env, 'broker');
    let brokerDownMs: number | undefined;
    await submitBatch(env, subjects, {
      onEach: async (index) => {
        if (index !== Math.floor(subjects.length / 2)) return;
        const stopped = Date.now();
        await kafka.stop();
        await kafka.start();
        brokerDownMs = Date.now() - stopped;
      },
    });
    expect(brokerDownMs).toBeDefined();
    report('broker restart', { ...submissionSummary(subjects), brokerDownMs });
    await assertChaosInvariants(env, subjects);
  });
});
