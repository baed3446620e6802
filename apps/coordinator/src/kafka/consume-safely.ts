import { Logger } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import { ProtocolError } from '@lethe/deletion-sdk/protocol';
import { countDeadLetter } from './dead-letter-counter';
import { commitMessage, deadLetter } from './kafka-message';
import { KafkaConnection } from './kafka-connection';

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
    countDeadLetter(kafka, context.getTopic(), error.code);
  }
  await commitMessage(context);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
