import { FakeKafka } from '../../test/fake-kafka';
import { aCommand } from '../../test/factories/protocol-messages.factory';
import { encodeMessage } from '../protocol/codec';
import type { ErasureCommand } from '../protocol/messages';
import {
  commandPublicKey,
  commandSigner,
  CommandSigningKey,
  commandSigningKeyFromSeed,
} from '../protocol/command-signing';
import { DeadLetterEnvelope, DLQ_REASON_HEADER } from '../protocol/dead-letter';
import { deriveServiceSecret, serviceSigner, serviceVerifier, SigningKey } from '../protocol/service-signing';
import { headerValue, KEY_ID_HEADER, MessageSigner } from '../protocol/signing';
import { parseErasureResult, parseServiceAnnouncement } from '../protocol/validation';
import { DeletionClientErrorCode } from '../core/deletion-client.error';
import type { ErasureHandler } from '../core/erasure-context';
import { deleted, notFound } from '../core/handler-outcome';
import { InMemoryProcessedCommandStore } from '../core/processed-command-store';
import { silentLogger } from '../core/sdk-logger';
import { DeletionClient } from './deletion-client';
import type { DeletionClientOptions } from './deletion-client.options';

const MASTER = 'master-key-for-unit-tests';
/** The service's own HMAC key: it signs results and announcements, and must never be able to sign a command. */
const key1: SigningKey = { id: 'k1', secret: deriveServiceSecret(MASTER, 'accounts', 'k1') };
/** The coordinator's Ed25519 command keys, before and after a rotation. */
const command1 = commandSigningKeyFromSeed('k1', Buffer.alloc(32, 1));
const command2 = commandSigningKeyFromSeed('k2', Buffer.alloc(32, 2));
const verificationKey = (key: CommandSigningKey) => ({ id: key.id, publicKey: commandPublicKey(key).raw });
const TOPIC = 'lethe.erasure.commands.accounts';
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

function setup(overrides: Partial<DeletionClientOptions> = {}) {
  const kafka = new FakeKafka();
  const client = new DeletionClient({
    service: 'accounts',
    kafka: kafka.asKafka(),
    signingKey: key1,
    commandVerificationKeys: [verificationKey(command1)],
    identityTypes: ['email'],
    dataCategories: ['account'],
    logger: silentLogger,
    localRetry: { attempts: 2, baseDelayMs: 0 },
    ...overrides,
  });
  return { kafka, client };
}

function freshCommand(overrides: Partial<ErasureCommand> = {}): ErasureCommand {
  return aCommand({ issuedAt: new Date().toISOString(), ...overrides });
}

/** A command as the coordinator publishes it on this service's topic (or as `signer` would, on `topic`). */
function signed(
  command: ErasureCommand,
  signer: MessageSigner = commandSigner(command1),
  traceparent?: string,
  signedFor = { topic: TOPIC, key: command.requestId },
) {
  const { value, headers } = encodeMessage(command, signedFor, signer, traceparent);
  return { value, headers, key: Buffer.from(command.requestId) };
}

describe(DeletionClient.name, () => {
  describe('start', () => {
    it('fails with a clear error when no handler is registered, before touching Kafka', async () => {
      const { kafka, client } = setup();
      await expect(client.start()).rejects.toMatchObject({
        code: DeletionClientErrorCode.NoHandlers,
        message: expect.stringContaining('onErasure()'),
      });
      expect(kafka.events).toEqual([]);
      expect(client.isRunning).toBe(false);
    });

    it('creates the missing topics, compacting the registry and bounding command retention', async () => {
      const { kafka, client } = setup({
        topicPartitions: { commands: 6 },
        replicationFactor: 1,
        commandRetentionMs: 3_600_000,
      });
      kafka.existingTopics.add('lethe.erasure.results');
      client.onErasure('pg', () => notFound());
      await client.start();
      const hour = [{ name: 'retention.ms', value: '3600000' }];
      expect(kafka.createdTopics).toEqual([
        { topic: TOPIC, numPartitions: 6, replicationFactor: 1, configEntries: hour },
        { topic: `${TOPIC}.dlq`, numPartitions: 1, replicationFactor: 1, configEntries: hour },
        {
          topic: 'lethe.registry',
          numPartitions: 1,
          replicationFactor: 1,
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        },
        { topic: 'lethe.erasure.verifications', numPartitions: 3, replicationFactor: 1 },
      ]);
      await client.stop();
    });

    it('leaves topics alone when ensureTopics is off', async () => {
      const { kafka, client } = setup({ ensureTopics: false });
      client.onErasure('pg', () => notFound());
      await client.start();
      expect(kafka.events.some((e) => e.kind === 'lifecycle' && e.what.startsWith('admin'))).toBe(false);
      await client.stop();
    });

    it('uses an idempotent producer, announces itself, and consumes only its command topic without auto-commit', async () => {
      const { kafka, client } = setup();
      client.onErasure('pg', () => notFound());
      await client.start();
      expect(client.isRunning).toBe(true);
      expect(kafka.producerConfig).toMatchObject({ idempotent: true, allowAutoTopicCreation: false });
      expect(kafka.consumerConfig).toMatchObject({
        groupId: 'lethe-sdk-accounts',
        allowAutoTopicCreation: false,
      });
      expect(kafka.subscription).toEqual({ topics: [TOPIC], fromBeginning: true });
      expect(kafka.runConfig).toMatchObject({ autoCommit: false });

      const [announcement] = kafka.sends('lethe.registry');
      expect(announcement.acks).toBe(-1);
      const [message] = announcement.messages;
      expect(message.key).toBe('accounts');
      expect(headerValue(message.headers, KEY_ID_HEADER)).toBe('k1');
      expect(parseServiceAnnouncement(JSON.parse(String(message.value)))).toMatchObject({
        service: 'accounts',
        identityTypes: ['email'],
        dataCategories: ['account'],
        sdkVersion: client.sdkVersion,
      });
      await client.stop();
    });

    it('refuses new handlers while running', async () => {
      const { client } = setup();
      client.onErasure('pg', () => notFound());
      await client.start();
      expect(() => client.onErasure('redis', () => notFound())).toThrow(
        expect.objectContaining({ code: DeletionClientErrorCode.InvalidState }),
      );
      await client.stop();
    });

    it('cleans up and can be started again when starting fails', async () => {
      const { kafka, client } = setup();
      client.onErasure('pg', () => notFound());
      kafka.failNextSend = new Error('broker unavailable');
      await expect(client.start()).rejects.toThrow('broker unavailable');
      expect(client.isRunning).toBe(false);
      expect(kafka.events).toContainEqual({ kind: 'lifecycle', what: 'producer.disconnect' });
      await client.start();
      expect(client.isRunning).toBe(true);
      await client.stop();
    });
  });

  describe('processing commands', () => {
    async function running(handler: ErasureHandler, overrides: Partial<DeletionClientOptions> = {}) {
      const context = setup(overrides);
      context.client.onErasure('pg', handler);
      await context.client.start();
      return context;
    }

    it('publishes a signed result keyed by request, then commits the next offset', async () => {
      const { kafka, client } = await running(async () => deleted(3));
      const command = freshCommand();
      await kafka.deliver({ ...signed(command, undefined, TRACEPARENT), offset: '41' });

      const [send] = kafka.sends('lethe.erasure.results');
      expect(send.acks).toBe(-1);
      const [message] = send.messages;
      expect(message.key).toBe(command.requestId);
      expect(headerValue(message.headers, 'traceparent')).toBe(TRACEPARENT);
      expect(parseErasureResult(JSON.parse(String(message.value)))).toMatchObject({
        requestId: command.requestId,
        taskId: command.taskId,
        outcome: 'deleted',
        recordsAffected: 3,
      });
      const sendIndex = kafka.events.indexOf(send);
      const commitIndex = kafka.events.findIndex((e) => e.kind === 'commit');
      expect(kafka.commits()).toEqual([{ kind: 'commit', topic: TOPIC, partition: 0, offset: '42' }]);
      expect(commitIndex).toBeGreaterThan(sendIndex);
      await client.stop();
    });

    it('verifies commands under any configured coordinator key (rotation) and signs results with its own', async () => {
      const { kafka, client } = await running(async () => deleted(1), {
        commandVerificationKeys: [verificationKey(command2), verificationKey(command1)],
      });
      await kafka.deliver(signed(freshCommand({ taskId: 'old-key' }), commandSigner(command1)));
      await kafka.deliver(signed(freshCommand({ taskId: 'new-key' }), commandSigner(command2)));
      expect(kafka.sends('lethe.erasure.results')).toHaveLength(2);
      const [result] = kafka.sends('lethe.erasure.results')[0].messages;
      expect(headerValue(result.headers, KEY_ID_HEADER)).toBe('k1');
      const lookup = (id: string, service: string) =>
        id === 'k1' && service === 'accounts' ? key1.secret : undefined;
      expect(() =>
        serviceVerifier(lookup).verify(
          { topic: 'lethe.erasure.results', key: result.key as string, value: result.value as Buffer },
          result.headers as Record<string, string>,
          'accounts',
        ),
      ).not.toThrow();
      await client.stop();
    });

    it.each([
      [
        "a command forged with the service's own secret",
        () => signed(freshCommand(), serviceSigner(key1)),
        'BAD_SIGNATURE',
      ],
      [
        'a command signed with a key pair the service does not hold',
        () => signed(freshCommand(), commandSigner(commandSigningKeyFromSeed('k1', Buffer.alloc(32, 9)))),
        'BAD_SIGNATURE',
      ],
      [
        'a genuine command moved here from another topic',
        () =>
          signed(freshCommand(), undefined, undefined, {
            topic: 'lethe.erasure.commands.orders',
            key: 'req-1',
          }),
        'BAD_SIGNATURE',
      ],
      [
        'a genuine command re-keyed',
        () => signed(freshCommand(), undefined, undefined, { topic: TOPIC, key: 'another-request' }),
        'BAD_SIGNATURE',
      ],
      [
        'an unknown key id',
        () => signed(freshCommand(), commandSigner(commandSigningKeyFromSeed('k7', Buffer.alloc(32, 1)))),
        'UNKNOWN_SIGNING_KEY',
      ],
      [
        'no signature',
        () => ({ value: Buffer.from(JSON.stringify(freshCommand())), headers: {} }),
        'MISSING_SIGNATURE',
      ],
      ['invalid JSON', () => ({ value: Buffer.from('{oops'), headers: {} }), 'MALFORMED_JSON'],
      ['a schema violation', () => signed({ ...freshCommand(), attempt: 0 }), 'SCHEMA_VIOLATION'],
      ['a stale command', () => signed(freshCommand({ issuedAt: '2020-01-01T00:00:00Z' })), 'STALE_COMMAND'],
      [
        'a command from the future',
        () => signed(freshCommand({ issuedAt: new Date(Date.now() + 3_600_000).toISOString() })),
        'FUTURE_COMMAND',
      ],
    ])('dead-letters %s with the reason, commits, and carries on', async (_label, message, code) => {
      const handler = jest.fn(async () => deleted(1));
      const { kafka, client } = await running(handler);
      const bad = message();
      await kafka.deliver({ ...bad, offset: '7' });

      const [dlq] = kafka.sends(`${TOPIC}.dlq`);
      const [dead] = dlq.messages;
      // Metadata and the reason only: the command's identities never reach the dead-letter topic.
      expect(String(dead.value)).not.toContain('ada@example.org');
      expect(JSON.parse(String(dead.value)) as DeadLetterEnvelope).toMatchObject({
        type: 'dead_letter',
        source: { topic: TOPIC, partition: 0, offset: '7' },
        reason: { code },
      });
      expect(headerValue(dead.headers, DLQ_REASON_HEADER)).toMatch(new RegExp(`^${code}: `));
      expect(headerValue(dead.headers, 'lethe-dlq-source')).toBe(`${TOPIC}:0:7`);
      expect(kafka.commits()).toEqual([expect.objectContaining({ offset: '8' })]);
      expect(handler).not.toHaveBeenCalled();
      expect(kafka.sends('lethe.erasure.results')).toHaveLength(0);

      await kafka.deliver(signed(freshCommand()));
      expect(kafka.sends('lethe.erasure.results')).toHaveLength(1);
      await client.stop();
    });

    it('dead-letters a command for another service, even one genuinely signed for this topic', async () => {
      const { kafka, client } = await running(async () => deleted(1));
      await kafka.deliver(signed(freshCommand({ service: 'orders' })));
      const [dead] = kafka.sends(`${TOPIC}.dlq`)[0].messages;
      expect(headerValue(dead.headers, DLQ_REASON_HEADER)).toBe(
        'WRONG_SERVICE: command is for service "orders", this is "accounts"',
      );
      await client.stop();
    });

    it('publishes a failed result when a handler crashes, and keeps consuming', async () => {
      let calls = 0;
      const { kafka, client } = await running(async () => {
        calls++;
        if (calls <= 2) throw new Error('disk on fire');
        return deleted(1);
      });
      await kafka.deliver(signed(freshCommand({ taskId: 't1' })));
      await kafka.deliver(signed(freshCommand({ taskId: 't2' })));
      const outcomes = kafka
        .sends('lethe.erasure.results')
        .map((send) => (JSON.parse(String(send.messages[0].value)) as { outcome: string }).outcome);
      expect(outcomes).toEqual(['failed', 'deleted']);
      expect(kafka.commits()).toHaveLength(2);
      await client.stop();
    });

    it('does not commit when the result cannot be published, and does not rerun handlers on redelivery', async () => {
      const handler = jest.fn(async () => deleted(1));
      const { kafka, client } = await running(handler);
      const message = { ...signed(freshCommand()), offset: '3' };
      kafka.failNextSend = new Error('NOT_ENOUGH_REPLICAS');
      await expect(kafka.deliver(message)).rejects.toThrow('NOT_ENOUGH_REPLICAS');
      expect(kafka.commits()).toEqual([]);

      await kafka.deliver(message);
      expect(handler).toHaveBeenCalledTimes(1);
      expect(kafka.sends('lethe.erasure.results')).toHaveLength(1);
      expect(kafka.commits()).toEqual([expect.objectContaining({ offset: '4' })]);
      await client.stop();
    });

    it('re-acknowledges a redelivered command with the same result', async () => {
      const handler = jest.fn(async () => deleted(1));
      const { kafka, client } = await running(handler);
      const message = signed(freshCommand());
      await kafka.deliver({ ...message, offset: '0' });
      await kafka.deliver({ ...message, offset: '1' });
      const [first, second] = kafka.sends('lethe.erasure.results').map((s) => String(s.messages[0].value));
      expect(second).toBe(first);
      expect(handler).toHaveBeenCalledTimes(1);
      await client.stop();
    });
  });

  describe('processing a fetched batch', () => {
    it('answers every command of the batch in one produce request and commits the partition once', async () => {
      const handler = jest.fn(async () => deleted(1));
      const { kafka, client } = setup();
      client.onErasure('pg', handler);
      await client.start();
      const commands = [1, 2, 3, 4].map((n) => freshCommand({ taskId: `t${n}`, requestId: `req-${n}` }));
      const forged = signed(freshCommand({ taskId: 'forged' }), serviceSigner(key1));
      await kafka.deliverBatch([
        ...commands.map((command, i) => ({ ...signed(command), offset: String(20 + i) })),
        { ...forged, offset: '24' },
      ]);

      const [results] = kafka.sends('lethe.erasure.results');
      expect(kafka.sends('lethe.erasure.results')).toHaveLength(1);
      expect(results.messages.map((m) => m.key).sort()).toEqual(['req-1', 'req-2', 'req-3', 'req-4']);
      expect(kafka.sends(`${TOPIC}.dlq`)).toHaveLength(1);
      expect(handler).toHaveBeenCalledTimes(4);
      expect(kafka.commits()).toEqual([{ kind: 'commit', topic: TOPIC, partition: 0, offset: '25' }]);
      await client.stop();
    });

    it('commits below a command that could not be answered and has the partition read again from it', async () => {
      const failing = new Set(['t2']);
      const store = new InMemoryProcessedCommandStore();
      const { kafka, client } = setup({
        processedCommands: {
          get: (key) => store.get(key),
          set: async (key, entry) => {
            if (failing.has(entry.result.taskId)) throw new Error('idempotency store unavailable');
            await store.set(key, entry);
          },
        },
      });
      const handled: string[] = [];
      client.onErasure('pg', async (ctx) => {
        handled.push(ctx.taskId);
        return deleted(1);
      });
      await client.start();
      const batch = ['t1', 't2', 't3'].map((taskId, i) => ({
        ...signed(freshCommand({ taskId, requestId: `req-${taskId}` })),
        offset: String(i),
      }));
      await expect(kafka.deliverBatch(batch)).rejects.toThrow('idempotency store unavailable');
      expect(kafka.commits()).toEqual([expect.objectContaining({ offset: '1' })]);
      expect(kafka.events).toContainEqual({ kind: 'resolve', topic: TOPIC, partition: 0, offset: '0' });

      failing.clear();
      await kafka.deliverBatch(batch.slice(1));
      expect(handled.sort()).toEqual(['t1', 't2', 't2', 't3']);
      expect(kafka.commits().at(-1)).toEqual(expect.objectContaining({ offset: '3' }));
      await client.stop();
    });
  });

  describe('stop', () => {
    it('lets the command in hand finish and be committed before disconnecting', async () => {
      const { kafka, client } = setup();
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      client.onErasure('slow', async () => {
        await gate;
        return deleted(1);
      });
      await client.start();
      const delivery = kafka.deliver({ ...signed(freshCommand()), offset: '0' });
      await new Promise((resolve) => setImmediate(resolve));
      const stopping = client.stop();
      await new Promise((resolve) => setImmediate(resolve));
      expect(kafka.events).not.toContainEqual({ kind: 'lifecycle', what: 'producer.disconnect' });

      release();
      await Promise.all([delivery, stopping]);
      const whats = kafka.events.map((e) =>
        e.kind === 'lifecycle' ? e.what : e.kind === 'send' ? `send ${e.topic}` : e.kind,
      );
      const at = (what: string) => whats.lastIndexOf(what);
      expect(at('consumer.pause')).toBeLessThan(at('send lethe.erasure.results'));
      expect(at('send lethe.erasure.results')).toBeLessThan(at('commit'));
      expect(at('commit')).toBeLessThan(at('producer.disconnect'));
      expect(at('consumer.disconnect')).toBeLessThan(at('producer.disconnect'));
      expect(client.isRunning).toBe(false);
    });

    it('leaves a command fetched after stopping began unprocessed and uncommitted, for redelivery', async () => {
      const { kafka, client } = setup();
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const handler = jest.fn(async () => {
        await gate;
        return deleted(1);
      });
      client.onErasure('slow', handler);
      await client.start();
      const inHand = kafka.deliver({ ...signed(freshCommand()), offset: '0' });
      await new Promise((resolve) => setImmediate(resolve));
      const stopping = client.stop();
      await kafka.deliver({ ...signed(freshCommand()), offset: '1' });
      release();
      await Promise.all([inHand, stopping]);
      expect(handler).toHaveBeenCalledTimes(1);
      expect(kafka.commits()).toEqual([expect.objectContaining({ offset: '1' })]);
    });

    it('is a no-op when not running, and can be called twice', async () => {
      const { client } = setup();
      await expect(client.stop()).resolves.toBeUndefined();
      client.onErasure('pg', () => notFound());
      await client.start();
      await Promise.all([client.stop(), client.stop()]);
      expect(client.isRunning).toBe(false);
    });
  });

  it('stops reporting itself running after a consumer crash kafkajs will not recover from', async () => {
    const { kafka, client } = setup();
    client.onErasure('pg', () => notFound());
    await client.start();
    kafka.crash(true);
    expect(client.isRunning).toBe(true);
    kafka.crash(false);
    expect(client.isRunning).toBe(false);
    await client.stop();
    expect(kafka.events).toContainEqual({ kind: 'lifecycle', what: 'producer.disconnect' });
  });

  it('exposes its service, command topic and handlers', () => {
    const { client } = setup();
    client.onErasure('pg', () => notFound()).onErasure('redis', () => notFound());
    expect(client.service).toBe('accounts');
    expect(client.commandTopic).toBe(TOPIC);
    expect(client.handlerNames()).toEqual(['pg', 'redis']);
    expect([...client.erasureHandlers().keys()]).toEqual(['pg', 'redis']);
  });
});
