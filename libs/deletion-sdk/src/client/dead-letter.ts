import type { IHeaders, Message } from 'kafkajs';
import { DLQ_REASON_HEADER } from '../protocol/signing';

/** Where the dead letter came from: `<topic>:<partition>:<offset>`. */
export const DLQ_SOURCE_HEADER = 'lethe-dlq-source';
/** When it was dead-lettered, ISO-8601. */
export const DLQ_AT_HEADER = 'lethe-dlq-at';

const MAX_REASON_LENGTH = 1000;

/** The parts of a consumed Kafka message a dead letter keeps. */
export interface ConsumedMessage {
  key: Buffer | null;
  value: Buffer | null;
  headers?: IHeaders;
  offset: string;
}

/**
 * Builds the dead-letter copy of a message that will never be processed: the original key, bytes and headers
 * (signature included, so the copy can be inspected and replayed as-is) plus why and where from. Reasons come
 * from the SDK's own checks and name fields, never their values.
 */
export function deadLetterMessage(
  original: ConsumedMessage,
  source: { topic: string; partition: number },
  reason: string,
  now: Date,
): Message {
  const headers: IHeaders = { ...original.headers };
  headers[DLQ_REASON_HEADER] =
    reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
  headers[DLQ_SOURCE_HEADER] = `${source.topic}:${source.partition}:${original.offset}`;
  headers[DLQ_AT_HEADER] = now.toISOString();
  return { key: original.key, value: original.value, headers };
}
