import type { Producer } from 'kafkajs';
import { encodeMessage } from '../protocol/codec';
import {
  buildDeadLetter,
  DeadLetterReason,
  DeadLetterSource,
  DLQ_REASON_HEADER,
} from '../protocol/dead-letter';
import type { LetheMessage } from '../protocol/messages';
import type { MessageSigner } from '../protocol/signing';
import { deadLetterTopic } from '../protocol/topics';
import type { SdkLogger } from '../core/sdk-logger';

/**
 * Everything the SDK writes to Kafka: signed protocol messages and dead letters, each acknowledged by all in-sync
 * replicas (acks -1) before the caller goes on to commit the offset that caused it.
 */
export class MessagePublisher {
  constructor(
    private readonly producer: Producer,
    private readonly signer: MessageSigner,
    private readonly logger: SdkLogger,
  ) {}

  async publish(topic: string, key: string, body: LetheMessage, traceparent?: string): Promise<void> {
    const { value, headers } = encodeMessage(body, { topic, key }, this.signer, traceparent);
    await this.producer.send({ topic, acks: -1, messages: [{ key, value, headers }] });
  }

  /** Records on `<topic>.dlq` that a consumed message will never be processed, and why — without its content. */
  async deadLetter(source: DeadLetterSource, reason: DeadLetterReason): Promise<void> {
    const topic = deadLetterTopic(source.topic);
    const record = buildDeadLetter(source, reason, new Date());
    this.logger.warn('dead-lettering erasure command', {
      topic,
      partition: source.partition,
      offset: source.offset,
      code: reason.code,
      reason: record.headers[DLQ_REASON_HEADER],
    });
    await this.producer.send({ topic, acks: -1, messages: [record] });
  }
}
