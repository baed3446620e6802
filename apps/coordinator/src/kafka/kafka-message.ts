import { KafkaContext } from '@nestjs/microservices';
import { buildDeadLetter, DeadLetterReason, deadLetterTopic } from '@lethe/deletion-sdk/protocol';
import type { KafkaMessage } from 'kafkajs';
import { KafkaConnection } from './kafka-connection';

/** Commits a consumed message (offset + 1); the coordinator's consumer runs with autoCommit off. */
export async function commitMessage(context: KafkaContext): Promise<void> {
  const message = context.getMessage();
  await context.getConsumer().commitOffsets([
    {
      topic: context.getTopic(),
      partition: context.getPartition(),
      offset: (BigInt(message.offset) + 1n).toString(),
    },
  ]);
}

/**
 * Parks a message that can never be processed, so the consumer can move on. The dead letter is the protocol's
 * one envelope (the SDK's too): where it came from and why, never the value, which may hold free text a service
 * wrote about a person.
 */
export async function deadLetter(
  kafka: KafkaConnection,
  context: KafkaContext,
  reason: DeadLetterReason,
  now: Date,
): Promise<void> {
  await deadLetterConsumed(
    kafka,
    context.getTopic(),
    context.getPartition(),
    context.getMessage(),
    reason,
    now,
  );
}

/** The same, for a message read by a plain kafkajs consumer (the batch consumer of results, verifications). */
export async function deadLetterConsumed(
  kafka: KafkaConnection,
  topic: string,
  partition: number,
  message: Pick<KafkaMessage, 'offset' | 'key' | 'value' | 'headers'>,
  reason: DeadLetterReason,
  now: Date,
): Promise<void> {
  const record = buildDeadLetter(
    {
      topic,
      partition,
      offset: message.offset,
      key: message.key,
      value: message.value,
      headers: message.headers,
    },
    reason,
    now,
  );
  await kafka.send(deadLetterTopic(topic), [record]);
}
