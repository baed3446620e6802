export { DLQ_AT_HEADER, DLQ_SOURCE_HEADER } from './dead-letter';
export { DeletionClient } from './deletion-client';
export type { ConsumerTuning, DeletionClientOptions, TopicPartitionOptions } from './deletion-client.options';
export { TopicProvisioner } from './topic-provisioner';
export { kafkaLogLevel } from './kafka-log-level';
