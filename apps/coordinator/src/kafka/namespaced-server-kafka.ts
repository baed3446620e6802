import { ServerKafka } from '@nestjs/microservices';
import type { KafkaOptions } from '@nestjs/microservices';
import type { Consumer } from 'kafkajs';

type MessageHandler = NonNullable<ReturnType<ServerKafka['getHandlerByPattern']>>;

/**
 * Nest's Kafka transport, with the environment's topic prefix applied underneath the handlers: handlers keep
 * declaring the protocol's topic names (`@EventPattern(RESULTS_TOPIC)`), the consumer subscribes to the prefixed
 * topics, and the context still reports the real topic, so offset commits and dead letters go to the right place.
 */
export class NamespacedServerKafka extends ServerKafka {
  constructor(
    options: KafkaOptions['options'],
    private readonly topicPrefix: string,
  ) {
    super(options ?? {});
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()].map((pattern) => this.topicPrefix + String(pattern));
    if (topics.length > 0) await consumer.subscribe({ ...(this.options.subscribe ?? {}), topics });
    await consumer.run({ ...(this.options.run ?? {}), eachMessage: this.getMessageHandler() });
  }

  override getHandlerByPattern(pattern: string): MessageHandler | null {
    const logical = pattern.startsWith(this.topicPrefix) ? pattern.slice(this.topicPrefix.length) : pattern;
    return super.getHandlerByPattern(logical);
  }
}
