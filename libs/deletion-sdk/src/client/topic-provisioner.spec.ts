import type { Admin } from 'kafkajs';
import { DeletionClientErrorCode } from '../core/deletion-client.error';
import { silentLogger } from '../core/sdk-logger';
import { sdkTopicSpecs, TopicProvisioner } from './topic-provisioner';

const partitions = { commands: 3, results: 3, registry: 1, deadLetter: 1 };

function fakeAdmin(overrides: Partial<Record<keyof Admin, jest.Mock>> = {}) {
  const admin = {
    listTopics: jest.fn(async () => [] as string[]),
    createTopics: jest.fn(async () => true),
    fetchTopicMetadata: jest.fn(async ({ topics }: { topics: string[] }) => ({
      topics: topics.map((name) => ({ name, partitions: [{ partitionId: 0, leader: 1 }] })),
    })),
    ...overrides,
  };
  return { admin, asAdmin: admin as unknown as Admin };
}

describe(sdkTopicSpecs.name, () => {
  it('lists the command topic, its dead letters, the results and the compacted registry', () => {
    expect(sdkTopicSpecs('cart', partitions)).toEqual([
      { topic: 'lethe.erasure.commands.cart', numPartitions: 3 },
      { topic: 'lethe.erasure.commands.cart.dlq', numPartitions: 1 },
      { topic: 'lethe.erasure.results', numPartitions: 3 },
      {
        topic: 'lethe.registry',
        numPartitions: 1,
        configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
      },
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
    ]);
    expect(admin.createTopics).toHaveBeenCalledWith({
      topics: [specs[0], specs[1], specs[3]],
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
    await expect(new TopicProvisioner(asAdmin, silentLogger).ensure(specs)).resolves.toHaveLength(4);
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
});
