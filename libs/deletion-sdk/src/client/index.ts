export { DeletionClient } from './deletion-client';
export type { ConsumerTuning, DeletionClientOptions, TopicPartitionOptions } from './deletion-client.options';
export { sdkTopicSpecs, TopicProvisioner, type TopicSpec } from './topic-provisioner';
export { kafkaLogLevel } from './kafka-log-level';
