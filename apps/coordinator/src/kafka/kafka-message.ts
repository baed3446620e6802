import { KafkaContext } from '@nestjs/microservices';
import { DLQ_REASON_HEADER, deadLetterTopic, MessageHeaders } from '@lethe/deletion-sdk';
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

/** Parks a message that can never be processed, with the reason, so the consumer can move on. */
export async function deadLetter(
  kafka: KafkaConnection,
  context: KafkaContext,
  reason: string,
): Promise<void> {
  const message = context.getMessage();
  const headers: Record<string, string> = {
    [DLQ_REASON_HEADER]: reason,
    'lethe-dlq-source-offset': message.offset,
  };
  for (const [name, value] of Object.entries((message.headers ?? {}) as MessageHeaders)) {
    if (value !== undefined && !(name in headers))
      headers[name] = String(Array.isArray(value) ? value[0] : value);
  }
  await kafka.send(deadLetterTopic(context.getTopic()), [
    { key: message.key ?? null, value: message.value as Buffer | null, headers },
  ]);
}
