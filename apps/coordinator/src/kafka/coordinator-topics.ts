import { commandTopicSpecs, coordinatorTopicSpecs, TopicSpec } from '@lethe/deletion-sdk/protocol';
import { CoordinatorConfig } from '../config/coordinator-config';

// The specs themselves live in the protocol module, shared with the SDK; these only supply the coordinator's
// settings.

/** Topics the coordinator consumes; created at boot because the broker does not auto-create topics. */
export function coreTopics(config: CoordinatorConfig): TopicSpec[] {
  return coordinatorTopicSpecs(config.topics, config.commandTopicPartitions);
}

/** A service's command topic and its dead letters, with the configured retention. */
export function serviceTopics(config: CoordinatorConfig, service: string): TopicSpec[] {
  return commandTopicSpecs(config.topics, service, {
    partitions: config.commandTopicPartitions,
    retentionMs: config.commandRetentionMs,
  });
}
