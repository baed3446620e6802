import type { Admin } from 'kafkajs';
import { DeletionClientErrorCode } from '../core/deletion-client.error';
import { silentLogger } from '../core/sdk-logger';
import { sdkTopicSpecs } from '../protocol/topic-specs';
import { TopicProvisioner } from './topic-provisioner';

const partitions = { commands: 3, results: 3, registry: 1, deadLetter: 1 };

function fakeAdmin(overrides: Partial<Record<keyof Admin, jest.Mock>> = {}) {
  const admin = {
    listTopics: jest.fn(async () => [] as string[]),
    createTopics: jest.fn(async () => true),
    fetchTopicMetadata: jest.fn(async ({ topics }: { topics: string[] }) => ({
      topics: topics.map((name) => ({ name, partitions: [{ partitionId: 0, leader: 1 }] })),
    })),
    describeConfigs: jest.fn(async ({ resources }: { resources: { name: string }[] }) => ({
      resources: resources.map(({ name }) => ({
        resourceName: name,
        errorCode: 0,
        configEntries: [{ configName: 'retention.ms', configValue: '604800000', configSource: 5 }],
      })),
    })),
    alterConfigs: jest.fn(async () => undefined),
    ...overrides,
  };
  return { admin, asAdmin: admin as unknown as Admin };
}

describe(sdkTopicSpecs.name, () => {
  it('lists the command topic and its dead letters (bounded retention), the results, the compacted registry and the verifications', () => {
    const week = [{ name: 'retention.ms', value: '604800000' }];
    expect(sdkTopicSpecs('cart', partitions)).toEqual([
      { topic: 'lethe.erasure.commands.cart', numPartitions: 3, configEntries: week },
      { topic: 'lethe.erasure.commands.cart.dlq', numPartitions: 1, configEntries: week },
      { topic: 'lethe.erasure.results', numPartitions: 3 },
      {
        topic: 'lethe.registry',
        numPartitions: 1,
        configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
      },
      { topic: 'lethe.erasure.verifications', numPartitions: 3 },
    ]);
  });
});

describe(TopicProvisioner.name, () => {
  const specs = sdkTopicSpecs('cart', partitions);

  it('creates only the missing topics and waits for leaders', async () => {
    const { admin, asAdmin } = fakeAdmin({
      listTopics: jest.fn(async () => ['lethe.erasure.results', 'other']),
    });
    const created = await new TopicProvisioner(asAdmin, silentLogger).ensure(specs);
    expect(created).toEqual([
      'lethe.erasure.commands.cart',
      'lethe.erasure.commands.cart.dlq',
      'lethe.registry',
      'lethe.erasure.verifications',
    ]);
    expect(admin.createTopics).toHaveBeenCalledWith({
      topics: [specs[0], specs[1], specs[3], specs[4]],
      waitForLeaders: false,
    });
    expect(admin.fetchTopicMetadata).toHaveBeenCalledWith({ topics: created });
  });

  it('does nothing when every topic exists', async () => {
    const { admin, asAdmin } = fakeAdmin({ listTopics: jest.fn(async () => specs.map((s) => s.topic)) });
    await expect(new TopicProvisioner(asAdmin, silentLogger).ensure(specs)).resolves.toEqual([]);
    expect(admin.createTopics).not.toHaveBeenCalled();
  });

  it('passes a replication factor when configured', async () => {
    const { admin, asAdmin } = fakeAdmin();
    await new TopicProvisioner(asAdmin, silentLogger, 3).ensure(specs.slice(0, 1));
    expect(admin.createTopics).toHaveBeenCalledWith({
      topics: [{ ...specs[0], replicationFactor: 3 }],
      waitForLeaders: false,
    });
  });

  it('treats losing the creation race as success, then waits for leaders itself', async () => {
    let polls = 0;
    const { admin, asAdmin } = fakeAdmin({
      createTopics: jest.fn(async () => false),
      fetchTopicMetadata: jest.fn(async ({ topics }: { topics: string[] }) => {
        polls++;
        if (polls === 1) throw new Error('UNKNOWN_TOPIC_OR_PARTITION');
        const leader = polls === 2 ? -1 : 1;
        return { topics: topics.map((name) => ({ name, partitions: [{ partitionId: 0, leader }] })) };
      }),
    });
    await new TopicProvisioner(asAdmin, silentLogger).ensure(specs);
    expect(admin.fetchTopicMetadata).toHaveBeenCalledTimes(3);
  });

  it('retries an error Kafka calls retriable, e.g. metadata not yet propagated on a fresh broker', async () => {
    const transient = Object.assign(new Error('This server does not host this topic-partition'), {
      retriable: true,
    });
    const createTopics = jest.fn().mockRejectedValueOnce(transient).mockResolvedValueOnce(true);
    const { admin, asAdmin } = fakeAdmin({ createTopics });
    await expect(new TopicProvisioner(asAdmin, silentLogger).ensure(specs)).resolves.toHaveLength(5);
    expect(admin.createTopics).toHaveBeenCalledTimes(2);
  });

  it('reports failures as a retriable TOPIC_SETUP_FAILED', async () => {
    const cause = new Error('CLUSTER_AUTHORIZATION_FAILED');
    const { asAdmin } = fakeAdmin({ createTopics: jest.fn(async () => Promise.reject(cause)) });
    await expect(new TopicProvisioner(asAdmin, silentLogger).ensure(specs)).rejects.toMatchObject({
      code: DeletionClientErrorCode.TopicSetupFailed,
      retriable: true,
      cause,
    });
  });

  describe('retention of existing topics', () => {
    const bounded = sdkTopicSpecs('cart', partitions, undefined, 3_600_000);
    const existing = jest.fn(async () => bounded.map((s) => s.topic));

    it("sets retention.ms where an existing topic's differs, keeping its other own configs", async () => {
      const describeConfigs = jest.fn(async () => ({
        resources: [
          {
            resourceName: bounded[0].topic,
            errorCode: 0,
            configEntries: [
              { configName: 'retention.ms', configValue: '604800000', configSource: 5 },
              { configName: 'max.message.bytes', configValue: '2097152', configSource: 1 },
            ],
          },
          {
            resourceName: bounded[1].topic,
            errorCode: 0,
            configEntries: [{ configName: 'retention.ms', configValue: '3600000', configSource: 1 }],
          },
        ],
      }));
      const { admin, asAdmin } = fakeAdmin({ listTopics: existing, describeConfigs });
      await expect(new TopicProvisioner(asAdmin, silentLogger).ensure(bounded)).resolves.toEqual([]);
      expect(describeConfigs).toHaveBeenCalledWith({
        includeSynonyms: false,
        resources: [
          { type: 2, name: bounded[0].topic },
          { type: 2, name: bounded[1].topic },
        ],
      });
      expect(admin.alterConfigs).toHaveBeenCalledWith({
        validateOnly: false,
        resources: [
          {
            type: 2,
            name: bounded[0].topic,
            configEntries: [
              { name: 'max.message.bytes', value: '2097152' },
              { name: 'retention.ms', value: '3600000' },
            ],
          },
        ],
      });
    });

    it('does not describe topics it has just created, nor alter topics that already agree', async () => {
      const { admin, asAdmin } = fakeAdmin();
      await new TopicProvisioner(asAdmin, silentLogger).ensure(bounded);
      expect(admin.describeConfigs).not.toHaveBeenCalled();
      const agreeing = fakeAdmin({ listTopics: existing });
      await new TopicProvisioner(agreeing.asAdmin, silentLogger).ensure(specs);
      expect(agreeing.admin.describeConfigs).toHaveBeenCalledTimes(1);
      expect(agreeing.admin.alterConfigs).not.toHaveBeenCalled();
    });

    it('warns instead of failing where it may not read or alter configs', async () => {
      const warn = jest.fn();
      const { asAdmin } = fakeAdmin({
        listTopics: existing,
        alterConfigs: jest.fn(async () => Promise.reject(new Error('TOPIC_AUTHORIZATION_FAILED'))),
      });
      await expect(new TopicProvisioner(asAdmin, { ...silentLogger, warn }).ensure(bounded)).resolves.toEqual(
        [],
      );
      expect(warn).toHaveBeenCalledWith(
        expect.stringContaining('could not check or set retention.ms'),
        expect.objectContaining({ error: 'TOPIC_AUTHORIZATION_FAILED' }),
      );
    });
  });
});
