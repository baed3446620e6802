import { Logger } from '@nestjs/common';
import { kafkaLogLevel } from '@lethe/deletion-sdk/client';
import { logLevel, LogEntry } from 'kafkajs';

/**
 * Routes kafkajs logs through Nest's logger so they share format and level with the rest of the app; broker
 * errors that kafkajs retries go to debug (see kafkaLogLevel in the SDK).
 */
export function nestKafkaLogCreator(context: string) {
  const logger = new Logger(context);
  return () => (entry: LogEntry) => {
    const { log } = entry;
    const level = kafkaLogLevel(entry);
    const { message, ...extra } = log;
    const line = `${message} ${JSON.stringify(extra)}`;
    if (level === logLevel.ERROR) logger.error(line);
    else if (level === logLevel.WARN) logger.warn(line);
    else if (level === logLevel.INFO) logger.log(line);
    else logger.debug(line);
  };
}
