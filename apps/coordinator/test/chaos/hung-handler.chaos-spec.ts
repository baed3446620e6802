import { Partitioners } from 'kafkajs';
import { E2eEnvironment } from '../support/e2e-environment';
import { seedBatch, submissionSummary, submitBatch } from './support/chaos-batch';
import { report, startChaosEnvironment } from './support/chaos-environment';
import { assertChaosInvariants, waitUntilSettled } from './support/invariants';

/** The command topics' partitions (the coordinator's default), to know which requests share the hung one's. */
const PARTITIONS = 3;

/** Which partition a request's commands go to: the coordinator's producer uses kafkajs' default partitioner. */
function partitionOf(requestId: string): number {
  const partitioner = Partitioners.DefaultPartitioner();
  return partitioner({
    topic: 'commands',
    partitionMetadata: Array.from({ length: PARTITIONS }, (_, id) => ({
      partitionId: id,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    })),
    message: { key: requestId, value: null },
  });
}

/**
 * Issue 12, item 1: marketing's handler never returns for one person (it ignores its abort signal). The SDK answers
 * each hung call `HANDLER_TIMEOUT` after 2 s and moves past it, so the requests behind it on its partition complete;
 * the hung request uses up its two attempts and needs attention. Once the handler is unstuck, an operator retry
 * completes it.
 */
describe('chaos: a handler that never returns for one subject', () => {
  const env = new E2eEnvironment();
  beforeAll(() =>
    startChaosEnvironment(env, {
      LETHE_HANDLER_TIMEOUT_MS: '2000',
      LETHE_COMMAND_TOPIC_PARTITIONS: String(PARTITIONS),
      LETHE_MAX_ATTEMPTS: '2',
    }),
  );
  afterAll(() => env.stop());

  it('completes the others on its partition, and ends the hung one per the timeout policy', async () => {
    const subjects = await seedBatch(env, 'hung');
    const [hung, ...others] = subjects;
    const hangs = await env.serviceApi('marketing', 'POST', '/admin/hangs', {
      emails: [hung.customer.email],
    });
    expect(hangs).toEqual({ status: 200, body: { hung: 1 } });
    await submitBatch(env, subjects);
    const behindIt = others.filter((s) => partitionOf(s.requestId!) === partitionOf(hung.requestId!));
    expect(behindIt.length).toBeGreaterThan(0);

    const completed = await waitUntilSettled(env, others);
    expect(completed.filter((r) => r.status !== 'completed')).toEqual([]);
    const stuck = await env.waitFor(
      'the hung request to need attention',
      async () => {
        const { body } = await env.api<{
          status: string;
          tasks: { service: string; status: string; attempts: number; lastError: { code: string } | null }[];
        }>('GET', `/v1/erasure-requests/${hung.requestId}`);
        return body.status === 'needs_attention' ? body : undefined;
      },
      60_000,
    );
    expect(stuck.tasks.find((t) => t.service === 'marketing')).toMatchObject({
      status: 'failed',
      attempts: 2,
      lastError: { code: 'HANDLER_TIMEOUT' },
    });

    // the handler is unstuck; the operator retries, and this time marketing answers
    await env.serviceApi('marketing', 'POST', '/admin/hangs', { emails: [] });
    const retried = await env.api('POST', `/v1/erasure-requests/${hung.requestId}/retry`, {});
    expect(retried.status).toBe(200);
    report('hung handler', { ...submissionSummary(subjects), onItsPartition: behindIt.length });
    await assertChaosInvariants(env, subjects);
  });
});
