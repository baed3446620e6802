import { KafkaTestBench, testClientOptions, uniqueService, whereBody } from '../../test/kafka-test-bench';
import type { ErasureCommand, ErasureResult } from '../protocol/messages';
import { commandTopic, RESULTS_TOPIC } from '../protocol/topics';
import type { ErasureHandler } from '../core/erasure-context';
import { deleted } from '../core/handler-outcome';
import { InMemoryProcessedCommandStore, ProcessedCommandStore } from '../core/processed-command-store';
import { buildErasureCommand } from '../testing/erasure-command.factory';
import { DeletionClient } from './deletion-client';
import type { DeletionClientOptions } from './deletion-client.options';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 11: the client consumes a fetched batch at a time, runs its commands concurrently across requests and
 * commits once per batch. The command topic has ONE partition, and the commands are sent in one produce request
 * before the client starts, so they arrive together.
 */
describe(`${DeletionClient.name} consuming batches`, () => {
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

  async function prepare(label: string) {
    const service = uniqueService(label);
    const groupId = `lethe-sdk-${service}`;
    await bench.createTopics(service);
    bench.forget(groupId);
    const results = await bench.collect(RESULTS_TOPIC, whereBody({ service }));
    return { service, groupId, results, topic: commandTopic(service) };
  }

  async function startClient(
    service: string,
    groupId: string,
    handler: ErasureHandler,
    overrides: Partial<DeletionClientOptions> = {},
  ) {
    const client = new DeletionClient(testClientOptions(service, { groupId, ...overrides }));
    client.onErasure('store', handler);
    clients.push(client);
    await client.start();
    return client;
  }

  it("runs different requests concurrently and keeps each request's commands in order", async () => {
    const { service, groupId, results, topic } = await prepare('order');
    // 8 requests × 3 attempts, interleaved on the partition: r0#1, r1#1, …, r7#1, r0#2, …
    const requests = Array.from({ length: 8 }, () => buildErasureCommand(service));
    const commands = [1, 2, 3].flatMap((attempt) =>
      requests.map((first) =>
        buildErasureCommand(service, { requestId: first.requestId, taskId: first.taskId, attempt }),
      ),
    );
    await bench.sendCommands(commands);
    const seen = new Map<string, number[]>();
    let running = 0;
    let peak = 0;
    await startClient(service, groupId, async (ctx) => {
      running++;
      peak = Math.max(peak, running);
      // uneven handler times, so a request's later attempt would overtake its earlier one if order were lost
      await sleep(((ctx.attempt * 7 + ctx.requestId.charCodeAt(0)) % 5) * 10);
      seen.set(ctx.requestId, [...(seen.get(ctx.requestId) ?? []), ctx.attempt]);
      running--;
      return deleted(1);
    });

    await results.waitFor(commands.length);
    expect(peak).toBeGreaterThan(1);
    for (const { requestId } of requests) expect(seen.get(requestId)).toEqual([1, 2, 3]);
    // results of one request share its key, hence a partition of the results topic, in the order they were sent
    const published = results.bodies<ErasureResult>();
    for (const { requestId } of requests) {
      expect(published.filter((r) => r.requestId === requestId).map((r) => r.attempt)).toEqual([1, 2, 3]);
    }
    await expect(bench.waitForCommitted(groupId, topic, commands.length)).resolves.toBe(commands.length);
  });

  it('never commits past a command still in hand, however many after it are answered', async () => {
    const { service, groupId, results, topic } = await prepare('inhand');
    const commands = Array.from({ length: 10 }, () => buildErasureCommand(service));
    const held = commands[3];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await bench.sendCommands(commands);
    await startClient(
      service,
      groupId,
      async (ctx) => {
        if (ctx.taskId === held.taskId) await gate;
        return deleted(1);
      },
      { handOffAfterMs: 200 },
    );

    await results.waitFor(9);
    expect(results.bodies<ErasureResult>().map((r) => r.taskId)).not.toContain(held.taskId);
    // the batch's commit lands below the held command, at its offset, and goes no further
    await expect(bench.waitForCommitted(groupId, topic, 3)).resolves.toBe(3);

    release();
    await results.waitFor(10);
    await expect(bench.waitForCommitted(groupId, topic, 10)).resolves.toBe(10);
  });

  it('after a stop between batches, a restart runs exactly the commands that were not answered', async () => {
    const { service, groupId, results, topic } = await prepare('crash');
    const commands = Array.from({ length: 6 }, () => buildErasureCommand(service));
    const unanswerable = new Set([commands[2].taskId, commands[4].taskId]);
    // The service's durable idempotency store; it fails to record two of the commands until it is healed.
    const durable = new InMemoryProcessedCommandStore();
    let healed = false;
    const store: ProcessedCommandStore = {
      get: (key) => durable.get(key),
      set: async (key, entry) => {
        if (!healed && unanswerable.has(entry.result.taskId)) throw new Error('database unavailable');
        await durable.set(key, entry);
      },
    };
    const firstRun: string[] = [];
    await bench.sendCommands(commands);
    const first = await startClient(
      service,
      groupId,
      async (ctx) => {
        firstRun.push(ctx.taskId);
        return deleted(1);
      },
      { processedCommands: store },
    );

    await results.waitFor(4);
    // the position stops at the first unanswered command, while kafkajs keeps reading from there
    await expect(bench.waitForCommitted(groupId, topic, 2)).resolves.toBe(2);
    await first.stop();
    await expect(bench.committedCount(groupId, topic)).resolves.toBe(2);
    // everything the first run published has been read, so a result it should not have sent would be here
    await results.caughtUp(bench.admin);
    expect(results.bodies<ErasureResult>().filter((r) => unanswerable.has(r.taskId))).toEqual([]);

    healed = true;
    const secondRun: string[] = [];
    await startClient(
      service,
      groupId,
      async (ctx) => {
        secondRun.push(ctx.taskId);
        return deleted(1);
      },
      { processedCommands: store },
    );
    await expect(bench.waitForCommitted(groupId, topic, 6)).resolves.toBe(6);
    // commands 3 and 5 are read again too (the position is one offset) but answered from the store
    expect(secondRun.sort()).toEqual([...unanswerable].sort());
    // a command is committed after its result is published, but the collector reads the results on its own
    await results.caughtUp(bench.admin);
    const answered = new Set(results.bodies<ErasureResult>().map((r) => r.taskId));
    expect(commands.every((c: ErasureCommand) => answered.has(c.taskId))).toBe(true);
  });

  it('runs the handlers once for a command delivered twice in a batch and again in a later one', async () => {
    const { service, groupId, results, topic } = await prepare('idem');
    const command = buildErasureCommand(service);
    const other = buildErasureCommand(service);
    let runs = 0;
    await bench.sendCommands([command, other, command]);
    await startClient(service, groupId, async (ctx) => {
      if (ctx.taskId === command.taskId) runs++;
      return deleted(1);
    });
    await results.waitFor(3);
    await bench.waitForCommitted(groupId, topic, 3);
    await bench.sendCommand(command);
    const all = await results.waitFor(4);

    const answers = all.map((m) => String(m.value)).filter((v) => v.includes(command.taskId));
    expect(answers).toHaveLength(3);
    expect(new Set(answers).size).toBe(1);
    expect(runs).toBe(1);
    await expect(bench.waitForCommitted(groupId, topic, 4)).resolves.toBe(4);
  });
});
