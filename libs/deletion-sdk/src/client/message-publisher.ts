import type { KafkaMessage, Producer } from 'kafkajs';
import { encodeMessage } from '../protocol/codec';
import type { LetheMessage } from '../protocol/messages';
import type { SigningKey } from '../protocol/signing';
import { deadLetterTopic } from '../protocol/topics';
import type { SdkLogger } from '../core/sdk-logger';
import { deadLetterMessage } from './dead-letter';

/**
 * Everything the SDK writes to Kafka: signed protocol messages and dead letters, each acknowledged by all in-sync
 * replicas (acks -1) before the caller goes on to commit the offset that caused it.
 */
export class MessagePublisher {
  constructor(
    private readonly producer: Producer,
    private readonly signingKey: SigningKey,
    private readonly logger: SdkLogger,
  ) {}

  async publish(topic: string, key: string, body: LetheMessage, traceparent?: string): Promise<void> {
    const { value, headers } = encodeMessage(body, this.signingKey, traceparent);
    await this.producer.send({ topic, acks: -1, messages: [{ key, value, headers }] });
  }

  /** Copies a consumed message that will never be processed to `<topic>.dlq`, saying why. */
  async deadLetter(
    source: { topic: string; partition: number },
    message: KafkaMessage,
    reason: string,
  ): Promise<void> {
    const topic = deadLetterTopic(source.topic);
    this.logger.warn('dead-lettering erasure command', {
      topic,
      partition: source.partition,
      offset: message.offset,
      reason,
    });
    const record = deadLetterMessage(message, source, reason, new Date());
    await this.producer.send({ topic, acks: -1, messages: [record] });
  }
}
