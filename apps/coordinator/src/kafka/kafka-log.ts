import { Logger } from '@nestjs/common';
import { kafkaLogLevel } from '@lethe/deletion-sdk/client';
import { logLevel, LogEntry } from 'kafkajs';

const BOUNDED_RETRIES_WARNING = 'Limiting retries for the idempotent producer may invalidate EoS guarantees';

/**
 * Routes kafkajs logs through Nest's logger so they share format and level with the rest of the app; broker
 * errors that kafkajs retries go to debug (see kafkaLogLevel in the SDK).
 */
export function nestKafkaLogCreator(context: string) {
  const logger = new Logger(context);
  return () => (entry: LogEntry) => {
    const { log } = entry;
    const { message, ...extra } = log;
    // the relay bounds its producer's retries on purpose (kafka-connection.ts); said once per start, not a fault
    const level = message === BOUNDED_RETRIES_WARNING ? logLevel.DEBUG : kafkaLogLevel(entry);
    const line = `${message} ${JSON.stringify(extra)}`;
    if (level === logLevel.ERROR) logger.error(line);
    else if (level === logLevel.WARN) logger.warn(line);
    else if (level === logLevel.INFO) logger.log(line);
    else logger.debug(line);
  };
}
