import { randomBytes } from 'node:crypto';
import { E2eEnvironment } from '../support/e2e-environment';
import { ChaosSubject, seedBatch, submissionSummary, submitBatch } from './support/chaos-batch';
import { chaosKafka, report, startChaosEnvironment } from './support/chaos-environment';
import { assertChaosInvariants, waitUntilSettled } from './support/invariants';

interface OutboxRow {
  sent: boolean;
  publish_attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
}

/**
 * Issue 12, item 3: two rows the relay cannot publish, while the rest of the batch goes through. Marketing's command
 * topic is deleted from Kafka mid-flight (the relay creates it again and its rows go out), and one request's
 * identities stop opening (its wrapped data key overwritten, as by a botched key migration) just before an operator
 * retry gives it a new outbox row: that row backs off on its own, with its error on the row, until the key is put
 * back.
 */
describe('chaos: a command topic deleted from Kafka, and an outbox row whose identities no longer open', () => {
  const env = new E2eEnvironment();
  const admin = chaosKafka().admin();
  beforeAll(async () => {
    await startChaosEnvironment(env);
    await admin.connect();
  });
  afterAll(async () => {
    await admin.disconnect();
    await env.stop();
  });

  /** A request whose marketing task failed for good, then is retried by an operator after its key was broken. */
  async function retryWithBrokenKey(subject: ChaosSubject): Promise<Buffer> {
    await env.serviceApi('marketing', 'POST', '/admin/failures', { count: 1, retriable: false });
    await submitBatch(env, [subject]);
    await env.waitFor('the request to need attention', async () => {
      const { body } = await env.api<{ status: string }>('GET', `/v1/erasure-requests/${subject.requestId}`);
      return body.status === 'needs_attention' ? true : undefined;
    });
    const [{ key }] = await env.query<{ key: Buffer }>(
      'coordinator',
      `SELECT wrapped_data_key AS key FROM erasure_requests WHERE id = $1`,
      [subject.requestId],
    );
    await env.query('coordinator', `UPDATE erasure_requests SET wrapped_data_key = $2 WHERE id = $1`, [
      subject.requestId,
      randomBytes(key.length),
    ]);
    const retried = await env.api('POST', `/v1/erasure-requests/${subject.requestId}/retry`, {});
    expect(retried.status).toBe(200);
    return key;
  }

  const unsentRowsOf = (requestId: string) =>
    env.query<OutboxRow>(
      'coordinator',
      `SELECT o.sent_at IS NOT NULL AS sent, o.publish_attempts, o.next_attempt_at, o.last_error
         FROM outbox_messages o JOIN erasure_tasks t ON t.id = o.task_id
        WHERE t.request_id = $1 AND o.sent_at IS NULL`,
      [requestId],
    );

  it('publishes every other row, re-creates the topic, and backs the bad row off until its key is back', async () => {
    const subjects = await seedBatch(env, 'outbox');
    const [broken, ...others] = subjects;
    const key = await retryWithBrokenKey(broken);

    const topic = `${env.name}.lethe.erasure.commands.marketing`;
    await submitBatch(env, others, {
      onEach: async (index) => {
        if (index === Math.floor(others.length / 2)) await admin.deleteTopics({ topics: [topic] });
      },
    });
    // every other request completes while the broken row is still there
    await waitUntilSettled(env, others);
    const [stuck] = await unsentRowsOf(broken.requestId!);
    expect(stuck).toMatchObject({ sent: false, next_attempt_at: expect.any(Date) });
    expect(stuck.publish_attempts).toBeGreaterThan(0);
    expect(stuck.last_error).toMatch(/Error: /);
    expect(await admin.listTopics()).toContain(topic);
    const recreated = env.logLines(
      /command topic of marketing was missing from Kafka and has been created again/,
    );
    expect(recreated.length).toBeGreaterThan(0);

    await env.query('coordinator', `UPDATE erasure_requests SET wrapped_data_key = $2 WHERE id = $1`, [
      broken.requestId,
      key,
    ]);
    report('outbox faults', {
      ...submissionSummary(subjects),
      brokenRowPublishAttempts: stuck.publish_attempts,
      brokenRowError: stuck.last_error,
      topicRecreated: recreated.length,
    });
    await assertChaosInvariants(env, subjects);
  });
});
