import {
  commandTopicSpecs,
  coordinatorTopicSpecs,
  DEFAULT_COMMAND_RETENTION_MS,
  retentionChange,
  sdkTopicSpecs,
} from './topic-specs';
import { letheTopics } from './topics';

const WEEK = String(7 * 24 * 60 * 60 * 1000);
const retention = (value: string) => [{ name: 'retention.ms', value }];

describe('topic specs', () => {
  const topics = letheTopics('staging.');

  it('bounds the retention of a command topic and its dead letters, a week by default', () => {
    expect(DEFAULT_COMMAND_RETENTION_MS).toBe(Number(WEEK));
    expect(commandTopicSpecs(topics, 'cart', { partitions: 6 })).toEqual([
      { topic: 'staging.lethe.erasure.commands.cart', numPartitions: 6, configEntries: retention(WEEK) },
      { topic: 'staging.lethe.erasure.commands.cart.dlq', numPartitions: 1, configEntries: retention(WEEK) },
    ]);
    expect(
      commandTopicSpecs(topics, 'cart', {
        partitions: 1,
        deadLetterPartitions: 2,
        retentionMs: 3_600_000,
      })[1],
    ).toEqual({
      topic: 'staging.lethe.erasure.commands.cart.dlq',
      numPartitions: 2,
      configEntries: retention('3600000'),
    });
  });

  it("lists the coordinator's topics: results, the compacted registry, verifications, and their dead letters", () => {
    expect(coordinatorTopicSpecs(topics, 4)).toEqual([
      { topic: 'staging.lethe.erasure.results', numPartitions: 4 },
      { topic: 'staging.lethe.erasure.results.dlq', numPartitions: 1 },
      {
        topic: 'staging.lethe.registry',
        numPartitions: 1,
        configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
      },
      { topic: 'staging.lethe.registry.dlq', numPartitions: 1 },
      { topic: 'staging.lethe.erasure.verifications', numPartitions: 4 },
      { topic: 'staging.lethe.erasure.verifications.dlq', numPartitions: 1 },
    ]);
  });

  it("lists a service's topics with the same command specs the coordinator uses", () => {
    const specs = sdkTopicSpecs(
      'cart',
      { commands: 3, results: 3, registry: 1, deadLetter: 1 },
      topics,
      60_000,
    );
    expect(specs.slice(0, 2)).toEqual(
      commandTopicSpecs(topics, 'cart', { partitions: 3, retentionMs: 60_000 }),
    );
    expect(specs.slice(2)).toEqual([
      coordinatorTopicSpecs(topics, 3)[0],
      coordinatorTopicSpecs(topics, 3)[2],
      coordinatorTopicSpecs(topics, 3)[4],
    ]);
  });
});

describe(retentionChange.name, () => {
  const [spec] = commandTopicSpecs(letheTopics(), 'cart', { partitions: 1, retentionMs: 3_600_000 });

  it('changes nothing when the topic already has the retention, or the spec sets none', () => {
    expect(
      retentionChange(spec, [{ name: 'retention.ms', value: '3600000', dynamic: true }]),
    ).toBeUndefined();
    expect(retentionChange({ topic: 't', numPartitions: 1 }, [])).toBeUndefined();
  });

  it('sets the retention on a topic that has another, or only the broker default', () => {
    expect(retentionChange(spec, [{ name: 'retention.ms', value: '604800000', dynamic: false }])).toEqual({
      topic: spec.topic,
      configEntries: retention('3600000'),
      changed: ['retention.ms'],
    });
    expect(retentionChange(spec, [])?.configEntries).toEqual(retention('3600000'));
  });

  it("keeps the topic's other own configs, which a non-incremental alter would otherwise reset", () => {
    const change = retentionChange(spec, [
      { name: 'retention.ms', value: '-1', dynamic: true },
      { name: 'max.message.bytes', value: '2097152', dynamic: true },
      { name: 'segment.ms', value: '604800000', dynamic: false },
      { name: 'secret.thing', value: null, dynamic: true },
    ]);
    expect(change?.configEntries).toEqual([
      { name: 'max.message.bytes', value: '2097152' },
      { name: 'retention.ms', value: '3600000' },
    ]);
  });
});
