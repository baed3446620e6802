import { KafkaTestBench, testClientOptions, uniqueService, whereBody } from '../../test/kafka-test-bench';
import type { ErasureResult } from '../protocol/messages';
import { commandTopic, RESULTS_TOPIC } from '../protocol/topics';
import { ErasureHandlerErrorCode } from '../core/erasure-handler.error';
import { deleted } from '../core/handler-outcome';
import { buildErasureCommand } from '../testing/erasure-command.factory';
import { DeletionClient } from './deletion-client';

/**
 * Long enough that the test has looked at the commits while the hung attempt is still in hand, however loaded the
 * machine; the others are shown to be answered before it times out by their completion times, not by a clock.
 */
const HANDLER_TIMEOUT_MS = 12_000;
const STUCK = 'stuck@example.org';

/**
 * Issue 12, item 1: a handler that never returns used to hold its partition for ever, so every request behind it
 * on that partition ran out of attempts. The command topic here has ONE partition, so every command shares it.
 */
describe(`${DeletionClient.name} with a hung handler`, () => {
  let bench: KafkaTestBench;
  let client: DeletionClient | undefined;

  beforeEach(async () => {
    bench = await new KafkaTestBench().connect();
  });

  afterEach(async () => {
    await client?.stop();
    await bench.close();
  });

  it('answers the other requests on its partition, times the hung one out as retriable, and keeps its order', async () => {
    const service = uniqueService('hung');
    const groupId = `lethe-sdk-${service}`;
    await bench.createTopics(service);
    bench.forget(groupId);
    const results = await bench.collect(RESULTS_TOPIC, whereBody({ service }));
    const calls: string[] = [];
    client = new DeletionClient(
      testClientOptions(service, { groupId, handlerTimeoutMs: HANDLER_TIMEOUT_MS, handOffAfterMs: 200 }),
    );
    client.onErasure('store', async (ctx) => {
      const [email] = ctx.valuesOf('email');
      calls.push(`${email}#${ctx.attempt}`);
      // The first attempt for the stuck subject never settles and ignores its abort signal.
      if (email === STUCK && ctx.attempt === 1) return new Promise<never>(() => undefined);
      return deleted(1);
    });
    await client.start();

    const stuck = buildErasureCommand(service, { identities: [{ type: 'email', value: STUCK }] });
    const others = Array.from({ length: 5 }, (_, i) =>
      buildErasureCommand(service, { identities: [{ type: 'email', value: `other-${i}@example.org` }] }),
    );
    // The coordinator's retry of the stuck request: same key, so it must wait behind the first attempt.
    const retry = buildErasureCommand(service, {
      requestId: stuck.requestId,
      taskId: stuck.taskId,
      attempt: 2,
      identities: [{ type: 'email', value: STUCK }],
    });
    await bench.sendCommand(stuck);
    for (const command of others) await bench.sendCommand(command);
    await bench.sendCommand(retry);

    await results.waitFor(5, HANDLER_TIMEOUT_MS);
    // the other requests are all answered first; among themselves (other keys) a slow one may be handed off too,
    // so their order is not promised — only that of one request's commands is
    const byTask = (a: string[], b: string[]) => a[0].localeCompare(b[0]);
    expect(
      results
        .bodies<ErasureResult>()
        .slice(0, 5)
        .map((r) => [r.taskId, r.outcome])
        .sort(byTask),
    ).toEqual(others.map((c) => [c.taskId, 'deleted']).sort(byTask));
    // Nothing is committed past the command still in hand, so a crash now would redeliver it.
    await expect(bench.committedCount(groupId, commandTopic(service))).resolves.toBe(0);

    await results.waitFor(7, HANDLER_TIMEOUT_MS + 10_000);
    // the stuck request's two results share its key, hence a partition and their order; the others' partitions
    // may be read after them
    const bodies = results.bodies<ErasureResult>();
    const [timedOut, retried] = bodies.filter((r) => r.taskId === stuck.taskId);
    expect(timedOut).toMatchObject({
      taskId: stuck.taskId,
      attempt: 1,
      outcome: 'failed',
      error: { code: ErasureHandlerErrorCode.HandlerTimeout, retriable: true },
    });
    expect(retried).toMatchObject({ taskId: stuck.taskId, attempt: 2, outcome: 'deleted' });
    // the others did not wait for the hung attempt: all were answered before it timed out
    const timedOutAt = Date.parse(timedOut.completedAt);
    for (const other of bodies.filter((r) => r.taskId !== stuck.taskId)) {
      expect(Date.parse(other.completedAt)).toBeLessThan(timedOutAt);
    }
    expect(calls.indexOf(`${STUCK}#2`)).toBeGreaterThan(calls.indexOf('other-4@example.org#1'));

    await expect(bench.waitForCommitted(groupId, commandTopic(service), 7)).resolves.toBe(7);
  });
});
