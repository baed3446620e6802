export { DeletionClient } from './deletion-client';
export type { ConsumerTuning, DeletionClientOptions, TopicPartitionOptions } from './deletion-client.options';
export { TopicProvisioner } from './topic-provisioner';
export { kafkaLogLevel } from './kafka-log-level';
export { SuppressionChecker } from './suppression-checker';
export type { SuppressionCheckerOptions } from './suppression-checker';
