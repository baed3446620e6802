import { Logger } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import { ProtocolError } from '@lethe/deletion-sdk/protocol';
import { classifyApplyFailure } from './apply-failure';
import { commitMessage, deadLetter } from './kafka-message';
import { KafkaConnection } from './kafka-connection';
import { PartitionRetries } from './partition-retries';

/** Told of every message parked on a dead-letter topic (the metrics). */
export interface DeadLetterCounter {
  recordDeadLetter(topic: string, code: string): void;
}

/**
 * The one policy for a message consumed through Nest's Kafka transport (the registry's announcements): a message
 * that can never be valid is dead-lettered and committed, and so is one PostgreSQL will never store; one that
 * failed for a passing reason (PostgreSQL down) pauses its partition, which is read again from that message when
 * the pause ends, so nothing after it is committed before it is handled. `retries` is the consumer's own.
 */
export async function consumeSafely(
  kafka: KafkaConnection,
  context: KafkaContext,
  logger: Logger,
  handle: () => Promise<void>,
  deadLetters: DeadLetterCounter,
  retries: PartitionRetries,
): Promise<void> {
  const topic = context.getTopic();
  const partition = context.getPartition();
  const offset = context.getMessage().offset;
  const where = `${topic}[${partition}]@${offset}`;
  try {
    await handle();
  } catch (error) {
    let refusal: { code: string; message: string };
    if (error instanceof ProtocolError) {
      refusal = { code: error.code, message: error.message };
    } else {
      const failure = classifyApplyFailure(error);
      if (!failure.permanent) {
        const consumer = context.getConsumer();
        const partitions = [{ topic, partitions: [partition] }];
        const waitMs = retries.retryFrom(consumer, { topic, partition, offset }, () => {
          consumer.pause(partitions);
          return () => {
            // a consumer stopped meanwhile (shutdown, a crash it restarts from) throws; its next run reads the
            // partition again from the committed offset, which is this message's
            try {
              consumer.resume(partitions);
            } catch (resumeError) {
              logger.warn(`could not resume ${topic}[${partition}]: ${describe(resumeError)}`);
            }
          };
        });
        logger.error(`could not process ${where} (${failure.reason}); retrying from there in ${waitMs} ms`);
        return;
      }
      refusal = { code: 'LEDGER_REFUSED', message: failure.reason };
    }
    logger.warn(`dead-lettering ${where}: ${refusal.code} ${refusal.message}`);
    await deadLetter(kafka, context, refusal, new Date());
    deadLetters.recordDeadLetter(topic, refusal.code);
  }
  retries.succeeded(topic, partition);
  await commitMessage(context);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
