import { type Admin, ConfigResourceTypes, ConfigSource, type ITopicConfig } from 'kafkajs';
import { RETENTION_MS_CONFIG, retentionChange, TopicSpec } from '../protocol/topic-specs';
import { DeletionClientError, DeletionClientErrorCode } from '../core/deletion-client.error';
import type { SdkLogger } from '../core/sdk-logger';

const LEADER_WAIT_MS = 15_000;
const LEADER_POLL_MS = 100;

/**
 * Creates whichever of the SDK's topics are missing, and brings the retention of the existing ones in line with
 * their specs. Several instances of a service start at once, and the coordinator creates some of these topics
 * too, so "already exists" is success, not an error.
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
      await this.alignRetention(specs.filter((spec) => !missing.includes(spec.topic)));
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

  /**
   * Sets `retention.ms` where an existing topic's differs from its spec: command topics carry raw identities and
   * must age out even when they were created before Lethe bounded them, or by someone else. Where Lethe may not
   * alter topic configs (a cluster it does not manage), this warns instead of failing: the operator must set the
   * retention (docs/operations.md).
   */
  private async alignRetention(specs: readonly TopicSpec[]): Promise<void> {
    const bounded = specs.filter((spec) =>
      spec.configEntries?.some((entry) => entry.name === RETENTION_MS_CONFIG),
    );
    if (bounded.length === 0) return;
    try {
      const { resources } = await this.admin.describeConfigs({
        includeSynonyms: false,
        resources: bounded.map((spec) => ({ type: ConfigResourceTypes.TOPIC, name: spec.topic })),
      });
      const changes = bounded.flatMap((spec) => {
        const resource = resources.find((r) => r.resourceName === spec.topic);
        if (!resource || resource.errorCode !== 0) return [];
        const described = resource.configEntries.map((entry) => ({
          name: entry.configName,
          value: entry.configValue,
          dynamic: entry.configSource === ConfigSource.TOPIC_CONFIG,
        }));
        const change = retentionChange(spec, described);
        return change ? [change] : [];
      });
      if (changes.length === 0) return;
      await this.admin.alterConfigs({
        validateOnly: false,
        resources: changes.map((change) => ({
          type: ConfigResourceTypes.TOPIC,
          name: change.topic,
          configEntries: change.configEntries,
        })),
      });
      this.logger.info('set retention on existing Kafka topics', { topics: changes.map((c) => c.topic) });
    } catch (err) {
      this.logger.warn(
        'could not check or set retention.ms on existing Kafka topics; set it on the cluster yourself',
        { topics: bounded.map((spec) => spec.topic), error: (err as Error).message },
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
