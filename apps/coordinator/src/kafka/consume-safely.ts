import { Logger } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import { ProtocolError } from '@lethe/deletion-sdk/protocol';
import { commitMessage, deadLetter } from './kafka-message';
import { KafkaConnection } from './kafka-connection';

/** Told of every message parked on a dead-letter topic (the metrics). */
export interface DeadLetterCounter {
  recordDeadLetter(topic: string, code: string): void;
}

/**
 * The one policy for every consumed message: a message that can never be valid is dead-lettered and committed;
 * one that failed for a passing reason (database down) is left uncommitted so the group re-reads it after a
 * restart, and the reconciliation sweep re-asks the service in the meantime.
 */
export async function consumeSafely(
  kafka: KafkaConnection,
  context: KafkaContext,
  logger: Logger,
  handle: () => Promise<void>,
  deadLetters: DeadLetterCounter,
): Promise<void> {
  const where = `${context.getTopic()}[${context.getPartition()}]@${context.getMessage().offset}`;
  try {
    await handle();
  } catch (error) {
    if (!(error instanceof ProtocolError)) {
      logger.error(`could not process ${where}: ${describe(error)}`);
      return;
    }
    logger.warn(`dead-lettering ${where}: ${error.code} ${error.message}`);
    await deadLetter(kafka, context, { code: error.code, message: error.message }, new Date());
    deadLetters.recordDeadLetter(context.getTopic(), error.code);
  }
  await commitMessage(context);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
