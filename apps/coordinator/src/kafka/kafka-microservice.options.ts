import { KafkaOptions, Transport } from '@nestjs/microservices';
import { CoordinatorConfig } from '../config/coordinator-config';
import { nestKafkaLogCreator } from './kafka-log';

/**
 * The coordinator's consumer of results and registry announcements. Values stay binary so signatures are checked
 * over the exact bytes sent; offsets are committed by hand, after the message has been applied.
 */
export function kafkaMicroserviceOptions(config: CoordinatorConfig): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      client: {
        clientId: config.kafkaClientId,
        brokers: config.kafkaBrokers,
        logCreator: nestKafkaLogCreator('kafkajs'),
      },
      consumer: { groupId: 'lethe-coordinator', allowAutoTopicCreation: false },
      postfixId: '',
      subscribe: { fromBeginning: true },
      run: { autoCommit: false },
      parser: { keepBinary: true },
    },
  };
}
