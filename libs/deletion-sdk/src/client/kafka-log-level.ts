import { logLevel, LogEntry } from 'kafkajs';

interface KafkaErrorCode {
  message: string;
  retriable: boolean;
}

/**
 * The messages of the broker error codes that kafkajs itself treats as retriable, from its own table, so this
 * module never spells an error text. Without the table (another kafkajs layout) nothing is downgraded.
 */
const RETRIABLE_BROKER_ERRORS: ReadonlySet<string> = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { errorCodes } = require('kafkajs/src/protocol/error') as { errorCodes: KafkaErrorCode[] };
    return new Set(errorCodes.filter((code) => code.retriable).map((code) => code.message));
  } catch {
    return new Set<string>();
  }
})();

/**
 * The level a kafkajs log entry deserves. kafkajs's connection logs every error response of the broker at ERROR
 * and then rethrows it to a retrier: on a fresh broker, while topics get leaders and group coordinators load,
 * that is a burst of "This server does not host this topic-partition" and "The coordinator is loading" that are
 * retried and then succeed. Those go to debug; if the retries run out, the caller's own error is still logged
 * at ERROR (a crashed consumer, a rejected send), so real failures stay visible.
 */
export function kafkaLogLevel(entry: Pick<LogEntry, 'namespace' | 'level' | 'log'>): logLevel {
  const { namespace, level, log } = entry;
  const error = (log as { error?: unknown }).error;
  const retriedResponse =
    level === logLevel.ERROR &&
    namespace === 'Connection' &&
    log.message.startsWith('Response ') &&
    typeof error === 'string' &&
    RETRIABLE_BROKER_ERRORS.has(error);
  return retriedResponse ? logLevel.DEBUG : level;
}
