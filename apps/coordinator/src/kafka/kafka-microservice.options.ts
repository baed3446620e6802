import { CustomStrategy } from '@nestjs/microservices';
import { logLevel, Partitioners } from 'kafkajs';
import { CoordinatorConfig } from '../config/coordinator-config';
import { nestKafkaLogCreator } from './kafka-log';
import { NamespacedServerKafka } from './namespaced-server-kafka';

/**
 * The coordinator's consumer of registry announcements. Values stay binary so signatures are checked
 * over the exact bytes sent; offsets are committed by hand, after the message has been applied.
 */
export function kafkaMicroserviceOptions(config: CoordinatorConfig): CustomStrategy {
  const strategy = new NamespacedServerKafka(
    {
      client: {
        clientId: config.kafkaClientId,
        brokers: config.kafkaBrokers,
        logLevel: logLevel.WARN,
        logCreator: nestKafkaLogCreator('kafkajs'),
      },
      // Nest creates a producer for replies; the coordinator never replies, but keep it quiet and current
      producer: { createPartitioner: Partitioners.DefaultPartitioner },
      consumer: {
        groupId: `${config.topicPrefix}lethe-coordinator`,
        allowAutoTopicCreation: false,
        maxWaitTimeInMs: config.kafkaMaxWaitMs,
      },
      postfixId: '',
      subscribe: { fromBeginning: true },
      // a service's announcements share a partition (key = service), so partitions can be applied side by side
      run: { autoCommit: false, partitionsConsumedConcurrently: config.commandTopicPartitions },
      parser: { keepBinary: true },
    },
    config.topicPrefix,
  );
  return { strategy };
}
