import { logCreator, logLevel, LogEntry } from 'kafkajs';
import type { SdkLogger } from '../core/sdk-logger';
import { kafkaLogLevel } from './kafka-log-level';

/**
 * Routes kafkajs's own logging into the SDK logger, so a service sees one log stream. kafkajs INFO (joins,
 * rebalances) is routine for an SDK user and goes to debug, and so do the broker errors kafkajs retries
 * (see kafkaLogLevel).
 */
export function kafkaLogCreator(logger: SdkLogger): logCreator {
  return () => (entry: LogEntry) => {
    const { namespace, log } = entry;
    const level = kafkaLogLevel(entry);
    const { message, timestamp: _timestamp, ...extra } = log;
    const fields = { kafkajs: namespace, ...extra };
    switch (level) {
      case logLevel.ERROR:
        return logger.error(message, fields);
      case logLevel.WARN:
        return logger.warn(message, fields);
      case logLevel.INFO:
      case logLevel.DEBUG:
        return logger.debug(message, fields);
      case logLevel.NOTHING:
        return undefined;
    }
  };
}
