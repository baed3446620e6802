import type { Kafka } from 'kafkajs';
import { DeletionClientErrorCode } from '../core/deletion-client.error';
import { InMemoryProcessedCommandStore, ProcessedCommandStore } from '../core/processed-command-store';
import { silentLogger } from '../core/sdk-logger';
import { commandPublicKey, commandSigningKeyFromSeed } from '../protocol/command-signing';
import { DeletionClientOptions, resolveDeletionClientOptions } from './deletion-client.options';

const coordinatorKey = commandPublicKey(commandSigningKeyFromSeed('k1', Buffer.alloc(32, 5)));
const publicKey = coordinatorKey.raw;

const base: DeletionClientOptions = {
  service: 'accounts',
  brokers: ['127.0.0.1:9092'],
  signingKey: { id: 'k1', secret: 'a-secret-of-32-characters-000000' },
  commandVerificationKeys: [{ id: 'k1', publicKey }],
  identityTypes: ['email', 'user_id'],
  dataCategories: ['account', 'profile'],
};

function invalid(patch: Partial<DeletionClientOptions> | Record<string, unknown>, message: string) {
  expect(() => resolveDeletionClientOptions({ ...base, ...patch } as DeletionClientOptions)).toThrow(
    expect.objectContaining({
      code: DeletionClientErrorCode.InvalidOptions,
      message: expect.stringContaining(message),
    }),
  );
}

describe(resolveDeletionClientOptions.name, () => {
  it('fills in the documented defaults', () => {
    const resolved = resolveDeletionClientOptions(base);
    expect(resolved).toMatchObject({
      clientId: 'lethe-sdk-accounts',
      groupId: 'lethe-sdk-accounts',
      heartbeatIntervalMs: 10_000,
      localRetry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 5_000 },
      handlerTimeoutMs: 60_000,
      handOffAfterMs: 2_000,
      maxHandedOffCommands: 16,
      maxConcurrentCommands: 32,
      partitionsConsumedConcurrently: 3,
      publishLingerMs: 5,
      maxPublishBatchSize: 500,
      maxCommandAgeMs: 24 * 60 * 60 * 1000,
      maxClockSkewMs: 5 * 60 * 1000,
      ensureTopics: true,
      topicPartitions: { commands: 3, results: 3, registry: 1, deadLetter: 1 },
      consumer: {},
    });
    expect(resolved.replicationFactor).toBeUndefined();
    expect(resolved.processedCommands).toBeInstanceOf(InMemoryProcessedCommandStore);
    expect(resolved.instanceId).toMatch(new RegExp(`-${process.pid}-[0-9a-f]{8}$`));
  });

  it('answers as many partitions at once as the command topic has, unless told otherwise', () => {
    expect(
      resolveDeletionClientOptions({ ...base, topicPartitions: { commands: 12 } })
        .partitionsConsumedConcurrently,
    ).toBe(12);
  });

  it('keeps what is given', () => {
    const store: ProcessedCommandStore = { get: async () => undefined, set: async () => undefined };
    const resolved = resolveDeletionClientOptions({
      ...base,
      clientId: 'c',
      groupId: 'g',
      heartbeatIntervalMs: 500,
      localRetry: { attempts: 5 },
      handlerTimeoutMs: 300,
      handOffAfterMs: 50,
      maxHandedOffCommands: 2,
      maxConcurrentCommands: 1,
      partitionsConsumedConcurrently: 2,
      publishLingerMs: 0,
      maxPublishBatchSize: 50,
      maxCommandAgeMs: 1_000,
      maxClockSkewMs: 0,
      logger: silentLogger,
      ensureTopics: false,
      topicPartitions: { commands: 12, deadLetter: undefined },
      replicationFactor: 3,
      processedCommands: store,
      instanceId: 'pod-7',
      consumer: { maxWaitTimeInMs: 100 },
    });
    expect(resolved).toMatchObject({
      clientId: 'c',
      groupId: 'g',
      heartbeatIntervalMs: 500,
      localRetry: { attempts: 5, baseDelayMs: 200 },
      handlerTimeoutMs: 300,
      handOffAfterMs: 50,
      maxHandedOffCommands: 2,
      maxConcurrentCommands: 1,
      partitionsConsumedConcurrently: 2,
      publishLingerMs: 0,
      maxPublishBatchSize: 50,
      maxCommandAgeMs: 1_000,
      maxClockSkewMs: 0,
      logger: silentLogger,
      ensureTopics: false,
      topicPartitions: { commands: 12, results: 3, registry: 1, deadLetter: 1 },
      replicationFactor: 3,
      processedCommands: store,
      instanceId: 'pod-7',
      consumer: { maxWaitTimeInMs: 100 },
    });
  });

  it('copies the keys and removes duplicate identity types and categories', () => {
    const key = { id: 'k1', secret: 'a-secret-of-32-characters-000000' };
    const verificationKeys = [
      { id: 'k2', publicKey: coordinatorKey.pem },
      { id: 'k1', publicKey },
    ];
    const resolved = resolveDeletionClientOptions({
      ...base,
      signingKey: key,
      commandVerificationKeys: verificationKeys,
      identityTypes: ['email', 'email'],
      dataCategories: ['a', 'a'],
    });
    key.secret = 'mutated-afterwards-0000000000000';
    verificationKeys.pop();
    expect(resolved.signingKey.secret).toBe('a-secret-of-32-characters-000000');
    expect(resolved.commandVerificationKeys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(resolved.identityTypes).toEqual(['email']);
    expect(resolved.dataCategories).toEqual(['a']);
  });

  it('bounds command topic retention to a week unless told otherwise, and refuses a non-positive one', () => {
    expect(resolveDeletionClientOptions(base).commandRetentionMs).toBe(7 * 24 * 60 * 60 * 1000);
    expect(resolveDeletionClientOptions({ ...base, commandRetentionMs: 60_000 }).commandRetentionMs).toBe(
      60_000,
    );
    invalid({ commandRetentionMs: 0 }, 'commandRetentionMs must be an integer ≥ 1');
    invalid({ commandRetentionMs: -1 }, 'commandRetentionMs must be an integer ≥ 1');
  });

  it('needs no brokers when given a kafka instance', () => {
    const kafka = {} as Kafka;
    expect(resolveDeletionClientOptions({ ...base, brokers: undefined, kafka }).kafka).toBe(kafka);
  });

  it.each([
    [{ service: 'Accounts' }, 'service "Accounts" must match'],
    [{ service: undefined }, 'service "undefined" must match'],
    [{ brokers: [] }, 'brokers must list at least one broker'],
    [{ brokers: [''] }, 'brokers must list at least one broker'],
    [{ signingKey: undefined }, 'signingKey.id must be 1–64 characters'],
    [{ signingKey: { id: '', secret: 'a-secret-of-32-characters-000000' } }, 'signingKey.id'],
    [{ signingKey: { id: 'k1', secret: 'short' } }, 'signingKey.secret must be at least 16 characters'],
    [
      { commandVerificationKeys: [] },
      "commandVerificationKeys must contain at least one of the coordinator's",
    ],
    [{ commandVerificationKeys: undefined }, 'commandVerificationKeys must contain at least one'],
    [{ commandVerificationKeys: [{ id: '', publicKey }] }, 'commandVerificationKeys[0].id'],
    [
      { commandVerificationKeys: [{ id: 'k1', publicKey: 'a-secret-of-32-characters-000000' }] },
      'commandVerificationKeys[0].publicKey: not an Ed25519 public key',
    ],
    [
      {
        commandVerificationKeys: [
          { id: 'k1', publicKey },
          { id: 'k1', publicKey },
        ],
      },
      'two keys with id "k1"',
    ],
    [{ identityTypes: [] }, 'identityTypes: must have at least 1 item(s)'],
    [{ identityTypes: ['ssn'] }, 'unknown identity type "ssn"'],
    [{ dataCategories: [''] }, 'dataCategories[0]: must have at least 1 characters'],
    [{ instanceId: 'x'.repeat(129) }, 'instanceId: must have at most 128 characters'],
    [{ heartbeatIntervalMs: 10 }, 'heartbeatIntervalMs must be an integer ≥ 100'],
    [{ maxCommandAgeMs: 0 }, 'maxCommandAgeMs must be an integer ≥ 1'],
    [{ maxClockSkewMs: -1 }, 'maxClockSkewMs must be an integer ≥ 0'],
    [{ handlerTimeoutMs: 0 }, 'handlerTimeoutMs must be an integer ≥ 1'],
    [{ handOffAfterMs: 1.5 }, 'handOffAfterMs must be an integer ≥ 1'],
    [{ maxHandedOffCommands: 0 }, 'maxHandedOffCommands must be an integer ≥ 1'],
    [{ maxConcurrentCommands: 0 }, 'maxConcurrentCommands must be an integer ≥ 1'],
    [{ partitionsConsumedConcurrently: 0 }, 'partitionsConsumedConcurrently must be an integer ≥ 1'],
    [{ publishLingerMs: -1 }, 'publishLingerMs must be an integer ≥ 0'],
    [{ maxPublishBatchSize: 2.5 }, 'maxPublishBatchSize must be an integer ≥ 1'],
    [{ localRetry: { attempts: 0 } }, 'localRetry.attempts'],
    [{ topicPartitions: { commands: 0 } }, 'topicPartitions.commands must be an integer ≥ 1'],
    [{ replicationFactor: 0 }, 'replicationFactor must be an integer ≥ 1'],
    [{ groupId: '' }, 'groupId must not be empty'],
    [{ clientId: '' }, 'clientId must not be empty'],
  ])('rejects %p', (patch, message) => {
    invalid(patch, message);
  });
});
