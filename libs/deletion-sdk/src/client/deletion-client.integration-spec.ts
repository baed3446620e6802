import {
  KafkaTestBench,
  signingKey,
  testClientOptions,
  uniqueService,
  whereBody,
} from '../../test/kafka-test-bench';
import { decodeMessage } from '../protocol/codec';
import type { ErasureResult, ServiceAnnouncement } from '../protocol/messages';
import { DeadLetterEnvelope, DLQ_REASON_HEADER } from '../protocol/dead-letter';
import { serviceSigner, serviceVerifier } from '../protocol/service-signing';
import { headerValue } from '../protocol/signing';
import { commandTopic, deadLetterTopic, REGISTRY_TOPIC, RESULTS_TOPIC } from '../protocol/topics';
import { parseServiceAnnouncement } from '../protocol/validation';
import { permanent } from '../core/erasure-handler.error';
import type { ErasureHandler } from '../core/erasure-context';
import { deleted, notFound } from '../core/handler-outcome';
import { buildErasureCommand } from '../testing/erasure-command.factory';
import { DeletionClient } from './deletion-client';
import type { DeletionClientOptions } from './deletion-client.options';

describe(`${DeletionClient.name} on Kafka`, () => {
  let bench: KafkaTestBench;
  let clients: DeletionClient[];

  beforeEach(async () => {
    bench = await new KafkaTestBench().connect();
    clients = [];
  });

  afterEach(async () => {
    await Promise.allSettled(clients.map((client) => client.stop()));
    await bench.close();
  });

  /** A started client for a fresh service, and a watcher on that service's results. */
  async function startService(
    label: string,
    handler: ErasureHandler,
    overrides: Partial<DeletionClientOptions> = {},
  ) {
    const service = uniqueService(label);
    const groupId = `lethe-sdk-${service}`;
    await bench.createTopics(service);
    bench.forget(groupId);
    const results = await bench.collect(RESULTS_TOPIC, whereBody({ service }));
    const client = new DeletionClient(testClientOptions(service, { groupId, ...overrides }));
    client.onErasure('store', handler);
    clients.push(client);
    await client.start();
    return { service, groupId, client, results };
  }

  it('runs the handler once when the same command is delivered twice, and acknowledges both', async () => {
    const store = new Set(['ada@example.org']);
    let sideEffects = 0;
    const { service, groupId, results } = await startService('idem', async (ctx) => {
      sideEffects++;
      const found = ctx.valuesOf('email').filter((email) => store.delete(email));
      return found.length > 0 ? deleted(found.length) : notFound();
    });
    const command = buildErasureCommand(service, {
      identities: [{ type: 'email', value: 'ada@example.org' }],
    });

    await bench.sendCommand(command);
    await bench.sendCommand(command);

    const [first, second] = (await results.waitFor(2)).map((m) => String(m.value));
    expect(second).toBe(first);
    expect(JSON.parse(first)).toMatchObject({
      taskId: command.taskId,
      outcome: 'deleted',
      recordsAffected: 1,
    });
    expect(sideEffects).toBe(1);
    // committed once the answers are out: the results may be read first
    await expect(bench.waitForCommitted(groupId, commandTopic(service), 2)).resolves.toBe(2);
  });

  it('retries a transient handler failure locally and reports the success', async () => {
    let calls = 0;
    const { service, results } = await startService('retry', async () => {
      calls++;
      if (calls < 3) throw new Error('deadlock detected');
      return deleted(2);
    });
    const command = buildErasureCommand(service);
    await bench.sendCommand(command);

    await results.waitFor(1);
    expect(results.bodies<ErasureResult>()).toEqual([
      expect.objectContaining({ taskId: command.taskId, outcome: 'deleted', recordsAffected: 2 }),
    ]);
    expect(calls).toBe(3);
  });

  it("dead-letters a command forged with the service's own secret and a stale replay, and runs the genuine one", async () => {
    const handled: string[] = [];
    const { service, groupId, results } = await startService('dlq', async (ctx) => {
      handled.push(ctx.taskId);
      return deleted(1);
    });
    const dead = await bench.collect(deadLetterTopic(commandTopic(service)), () => true);
    const identities = [{ type: 'email' as const, value: 'forged.victim@example.org' }];
    // Whoever holds the service's HMAC secret (it signs results) tries the old scheme for commands.
    const forged = buildErasureCommand(service, { taskId: 'forged', identities });
    // A genuine coordinator command, captured and replayed two days later.
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    const stale = buildErasureCommand(service, { taskId: 'stale', identities }, twoDaysAgo);
    const genuine = buildErasureCommand(service, { taskId: 'genuine', identities });

    await bench.sendCommand(forged, serviceSigner(signingKey(service)));
    await bench.sendCommand(stale);
    await bench.sendCommand(genuine);

    const [result] = await results.waitFor(1);
    expect(JSON.parse(String(result.value))).toMatchObject({ taskId: 'genuine', outcome: 'deleted' });
    const letters = await dead.waitFor(2);
    expect(letters.map((letter) => headerValue(letter.headers, DLQ_REASON_HEADER))).toEqual([
      'BAD_SIGNATURE: signature scheme "sha256" is not the expected "ed25519"',
      expect.stringMatching(/^STALE_COMMAND: issued at .*, older than the 86400000 ms limit$/),
    ]);
    expect(
      letters.map((letter) => (JSON.parse(String(letter.value)) as DeadLetterEnvelope).original),
    ).toEqual([
      expect.objectContaining({ taskId: 'forged', type: 'erasure.command' }),
      expect.objectContaining({ taskId: 'stale', type: 'erasure.command' }),
    ]);
    for (const letter of letters) {
      expect(String(letter.value)).not.toContain('forged.victim');
      expect(
        Object.values(letter.headers ?? {})
          .map(String)
          .join(),
      ).not.toContain('forged.victim');
    }
    expect(handled).toEqual(['genuine']);
    await expect(bench.waitForCommitted(groupId, commandTopic(service), 3)).resolves.toBe(3);
  });

  it('reports a crashing handler as failed and keeps consuming', async () => {
    const { service, results } = await startService('crash', async (ctx) => {
      if (ctx.taskId === 'poison') throw permanent(new TypeError('cannot read properties of undefined'));
      return deleted(1);
    });
    await bench.sendCommand(buildErasureCommand(service, { taskId: 'poison' }));
    await bench.sendCommand(buildErasureCommand(service, { taskId: 'fine' }));

    await results.waitFor(2);
    // two requests, answered concurrently in one batch: their order is not promised, only that of one request's
    const byTask = (a: ErasureResult, b: ErasureResult) => b.taskId.localeCompare(a.taskId);
    expect(results.bodies<ErasureResult>().sort(byTask)).toEqual([
      expect.objectContaining({
        taskId: 'poison',
        outcome: 'failed',
        error: {
          code: 'HANDLER_FAILED',
          message: 'store: cannot read properties of undefined',
          retriable: false,
        },
      }),
      expect.objectContaining({ taskId: 'fine', outcome: 'deleted' }),
    ]);
  });

  it('passes a dry run to the handler, which reports what it would delete and changes nothing', async () => {
    const store = new Map([['u-1', 4]]);
    const { service, results } = await startService('dry', async (ctx) => {
      const ids = ctx.valuesOf('user_id');
      const count = ids.reduce((sum, id) => sum + (store.get(id) ?? 0), 0);
      if (!ctx.dryRun) ids.forEach((id) => store.delete(id));
      return count > 0 ? deleted(count) : notFound();
    });
    const command = buildErasureCommand(service, {
      dryRun: true,
      identities: [{ type: 'user_id', value: 'u-1' }],
    });
    await bench.sendCommand(command);

    await results.waitFor(1);
    expect(results.bodies<ErasureResult>()).toEqual([
      expect.objectContaining({ taskId: command.taskId, outcome: 'deleted', recordsAffected: 4 }),
    ]);
    expect(store.get('u-1')).toBe(4);
  });

  it('on stop, finishes the command in hand: its result is published and its offset committed', async () => {
    let entered: () => void = () => undefined;
    const handlerStarted = new Promise<void>((resolve) => (entered = resolve));
    const { service, groupId, client, results } = await startService('stop', async () => {
      entered();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return deleted(1);
    });
    const command = buildErasureCommand(service);
    await bench.sendCommand(command);
    await handlerStarted;

    const stoppedAt = Date.now();
    await client.stop();
    expect(client.isRunning).toBe(false);
    expect(Date.now() - stoppedAt).toBeGreaterThan(1_000);

    await results.waitFor(1);
    expect(results.bodies<ErasureResult>()).toEqual([expect.objectContaining({ taskId: command.taskId })]);
    await expect(bench.committedCount(groupId, commandTopic(service))).resolves.toBe(1);
  });

  it('resumes after the last committed command when restarted, without redoing earlier ones', async () => {
    const handled: string[] = [];
    const handler: ErasureHandler = async (ctx) => {
      handled.push(ctx.taskId);
      return deleted(1);
    };
    const { service, groupId, client, results } = await startService('restart', handler);
    await bench.sendCommand(buildErasureCommand(service, { taskId: 'before' }));
    await results.waitFor(1);
    await client.stop();

    await bench.sendCommand(buildErasureCommand(service, { taskId: 'while-down' }));
    // A new process: its in-memory idempotency store is empty, so only the committed offset prevents a rerun.
    const restarted = new DeletionClient(testClientOptions(service, { groupId }));
    restarted.onErasure('store', handler);
    clients.push(restarted);
    await restarted.start();

    await results.waitFor(2);
    expect(handled).toEqual(['before', 'while-down']);
  });

  it('announces itself on lethe.registry at start and on every heartbeat', async () => {
    const service = uniqueService('beat');
    const registry = await bench.collect(REGISTRY_TOPIC, (message) => String(message.key) === service);
    const client = new DeletionClient(
      testClientOptions(service, { heartbeatIntervalMs: 200, instanceId: 'pod-1' }),
    );
    bench.forget(`lethe-sdk-${service}`);
    client.onErasure('store', () => notFound());
    clients.push(client);
    await bench.createTopics(service);
    await client.start();

    const messages = await registry.waitFor(3);
    const lookup = (keyId: string, claimed: string) =>
      claimed === service && keyId === 'k1' ? signingKey(service).secret : undefined;
    const announcements = messages.map((message) =>
      decodeMessage<ServiceAnnouncement>(
        { topic: REGISTRY_TOPIC, ...message },
        serviceVerifier(lookup),
        parseServiceAnnouncement,
      ),
    );
    expect(announcements[0]).toMatchObject({
      service,
      instanceId: 'pod-1',
      identityTypes: ['email', 'user_id'],
      dataCategories: ['integration-test'],
      sdkVersion: client.sdkVersion,
    });
    const times = announcements.map((a) => Date.parse(a.at));
    expect(times[2] - times[0]).toBeGreaterThanOrEqual(300);

    await client.stop();
    // an announcement sent as the client stopped may still be on its way: count once the registry is read to its end
    await registry.caughtUp(bench.admin);
    const count = registry.messages.length;
    // three heartbeat intervals, in which a heartbeat that outlived stop() would go out; then read to the end again
    await new Promise((resolve) => setTimeout(resolve, 600));
    await registry.caughtUp(bench.admin);
    expect(registry.messages.length).toBe(count);
  });
});
