import type { Producer, TopicMessages } from 'kafkajs';
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
import { OutgoingRecord, PublishBatcher } from './publish-batcher';

/** How the publisher gathers records into produce requests. */
export interface PublishBatching {
  lingerMs: number;
  maxBatchSize: number;
}

/**
 * Everything the SDK writes to Kafka: signed protocol messages and dead letters, each acknowledged by all in-sync
 * replicas (acks -1) before the caller goes on to commit the offset that caused it. Records published close
 * together (the answers to one fetched batch) travel in one produce request.
 */
export class MessagePublisher {
  private readonly batcher: PublishBatcher;

  constructor(
    private readonly producer: Producer,
    private readonly signer: MessageSigner,
    private readonly logger: SdkLogger,
    batching: PublishBatching,
  ) {
    this.batcher = new PublishBatcher({ ...batching, send: (records) => this.send(records) });
  }

  async publish(topic: string, key: string, body: LetheMessage, traceparent?: string): Promise<void> {
    const { value, headers } = encodeMessage(body, { topic, key }, this.signer, traceparent);
    await this.batcher.publish({ topic, key, value, headers });
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
    await this.batcher.publish({ topic, ...record });
  }

  private async send(records: OutgoingRecord[]): Promise<void> {
    const byTopic = new Map<string, TopicMessages>();
    for (const { topic, key, value, headers } of records) {
      let entry = byTopic.get(topic);
      if (entry === undefined) byTopic.set(topic, (entry = { topic, messages: [] }));
      entry.messages.push({ key, value, headers });
    }
    await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic.values()] });
  }
}
