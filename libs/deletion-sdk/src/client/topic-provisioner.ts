import type { Admin, ITopicConfig } from 'kafkajs';
import { deadLetterTopic, letheTopics, LetheTopics } from '../protocol/topics';
import { DeletionClientError, DeletionClientErrorCode } from '../core/deletion-client.error';
import type { SdkLogger } from '../core/sdk-logger';
import type { TopicPartitionOptions } from './deletion-client.options';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  configEntries?: { name: string; value: string }[];
}

/** The topics a service's SDK reads or writes: its commands and their dead letters, results, the registry. */
export function sdkTopicSpecs(
  service: string,
  partitions: Required<TopicPartitionOptions>,
  topics: LetheTopics = letheTopics(),
): TopicSpec[] {
  const commands = topics.commands(service);
  return [
    { topic: commands, numPartitions: partitions.commands },
    { topic: deadLetterTopic(commands), numPartitions: partitions.deadLetter },
    { topic: topics.results, numPartitions: partitions.results },
    // Compacted: the registry only needs each service's latest announcement, forever.
    {
      topic: topics.registry,
      numPartitions: partitions.registry,
      configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
    },
  ];
}

const LEADER_WAIT_MS = 15_000;
const LEADER_POLL_MS = 100;

/**
 * Creates whichever of the SDK's topics are missing. Several instances of a service start at once, and the
 * coordinator creates some of these topics too, so "already exists" is success, not an error.
 */
export class TopicProvisioner {
  constructor(
    private readonly admin: Admin,
    private readonly logger: SdkLogger,
    private readonly replicationFactor?: number,
  ) {}

  async ensure(specs: readonly TopicSpec[]): Promise<string[]> {
    const deadline = Date.now() + LEADER_WAIT_MS;
    try {
      const missing = await this.createMissing(specs, deadline);
      if (missing.length === 0) return [];
      // Always wait ourselves: kafkajs's own wait gives up on metadata that has not propagated yet, which is
      // ordinary when several processes create topics on a fresh broker at once.
      await this.waitForLeaders(missing, deadline);
      this.logger.info('created Kafka topics', { topics: missing });
      return missing;
    } catch (err) {
      if (err instanceof DeletionClientError) throw err;
      throw new DeletionClientError(
        DeletionClientErrorCode.TopicSetupFailed,
        `could not create topics ${specs.map((s) => s.topic).join(', ')}: ${(err as Error).message}`,
        { cause: err },
      );
    }
  }

  /** Creates what is missing, retrying errors Kafka calls retriable until the deadline; returns the names. */
  private async createMissing(specs: readonly TopicSpec[], deadline: number): Promise<string[]> {
    for (;;) {
      try {
        const existing = new Set(await this.admin.listTopics());
        const missing = specs.filter((spec) => !existing.has(spec.topic));
        if (missing.length === 0) return [];
        const topics: ITopicConfig[] = missing.map((spec) => ({
          ...spec,
          ...(this.replicationFactor === undefined ? {} : { replicationFactor: this.replicationFactor }),
        }));
        // false when another process created one of them first: that is success too
        await this.admin.createTopics({ topics, waitForLeaders: false });
        return missing.map((spec) => spec.topic);
      } catch (err) {
        if (!(err as { retriable?: boolean }).retriable || Date.now() > deadline) throw err;
        this.logger.debug('topic creation will be retried', { error: (err as Error).message });
        await new Promise((resolve) => setTimeout(resolve, LEADER_POLL_MS));
      }
    }
  }

  private async waitForLeaders(topics: string[], deadline: number): Promise<void> {
    for (;;) {
      try {
        const { topics: metadata } = await this.admin.fetchTopicMetadata({ topics });
        const ready = metadata.every(
          (topic) => topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0),
        );
        if (ready) return;
      } catch (err) {
        // Metadata for a topic created a moment ago may not have propagated yet.
        this.logger.debug('topic metadata not ready yet', { topics, error: (err as Error).message });
      }
      if (Date.now() > deadline) {
        throw new DeletionClientError(
          DeletionClientErrorCode.TopicSetupFailed,
          `topics ${topics.join(', ')} got no partition leaders within ${LEADER_WAIT_MS} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, LEADER_POLL_MS));
    }
  }
}
