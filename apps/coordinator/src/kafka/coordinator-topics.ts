import { ITopicConfig } from 'kafkajs';
import { commandTopic, deadLetterTopic, REGISTRY_TOPIC, RESULTS_TOPIC } from '@lethe/deletion-sdk';

/** Topics the coordinator consumes; created at boot because the broker does not auto-create topics. */
export function coreTopics(partitions: number): ITopicConfig[] {
  return [
    { topic: RESULTS_TOPIC, numPartitions: partitions },
    { topic: deadLetterTopic(RESULTS_TOPIC), numPartitions: 1 },
    { topic: REGISTRY_TOPIC, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
    { topic: deadLetterTopic(REGISTRY_TOPIC), numPartitions: 1 },
  ];
}

export function serviceTopics(service: string, partitions: number): ITopicConfig[] {
  const topic = commandTopic(service);
  return [
    { topic, numPartitions: partitions },
    { topic: deadLetterTopic(topic), numPartitions: 1 },
  ];
}
