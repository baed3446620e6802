import { startKafka, stopKafka } from '../../../../scripts/lib/kafka-broker';
import { E2eEnvironment } from '../support/e2e-environment';
import { seedBatch, submissionSummary, submitBatch } from './support/chaos-batch';
import { report, startChaosEnvironment } from './support/chaos-environment';
import { assertChaosInvariants } from './support/invariants';

// A broker someone else runs (a developer's, or the one shared by parallel runs) is never restarted.
const ownsBroker = process.env.LETHE_TEST_KAFKA_STARTED_BY_US === '1';
if (!ownsBroker) {
  process.stderr.write(
    '[chaos] broker restart SKIPPED: this run reused a broker it did not start (KAFKA_BROKERS); ' +
      'unset KAFKA_BROKERS with no broker running so the global setup starts one\n',
  );
}

(ownsBroker ? describe : describe.skip)('chaos: a broker restart mid-flight', () => {
  const env = new E2eEnvironment();
  beforeAll(() => startChaosEnvironment(env));
  afterAll(() => env.stop());

  it('settles every request once the broker is back', async () => {
    const subjects = await seedBatch(env, 'broker');
    await submitBatch(env, subjects, {
      onEach: async (index) => {
        if (index !== Math.floor(subjects.length / 2)) return;
        await stopKafka();
        // the global setup exported KAFKA_BROKERS, which tells the scripts to use a broker they may not start:
        // this suite owns the broker, so it starts it again itself, with that variable out of the way
        const exported = process.env.KAFKA_BROKERS;
        delete process.env.KAFKA_BROKERS;
        try {
          await startKafka();
        } finally {
          process.env.KAFKA_BROKERS = exported;
        }
      },
    });
    report('broker restart', submissionSummary(subjects));
    await assertChaosInvariants(env, subjects);
  });
});
