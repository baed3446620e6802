import { ITopicConfig } from 'kafkajs';
import { deadLetterTopic, LetheTopics } from '@lethe/deletion-sdk';

/** Topics the coordinator consumes; created at boot because the broker does not auto-create topics. */
export function coreTopics(topics: LetheTopics, partitions: number): ITopicConfig[] {
  return [
    { topic: topics.results, numPartitions: partitions },
    { topic: deadLetterTopic(topics.results), numPartitions: 1 },
    {
      topic: topics.registry,
      numPartitions: 1,
      configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
    },
    { topic: deadLetterTopic(topics.registry), numPartitions: 1 },
  ];
}

export function serviceTopics(topics: LetheTopics, service: string, partitions: number): ITopicConfig[] {
  const topic = topics.commands(service);
  return [
    { topic, numPartitions: partitions },
    { topic: deadLetterTopic(topic), numPartitions: 1 },
  ];
}
