import { Logger } from '@nestjs/common';
import { LogFields, redactingLogger, SdkLogger } from '../core/sdk-logger';

/**
 * Sends the SDK's logs through Nest's `Logger`, so they follow the application's logger configuration; masked
 * first (see `redactingLogger`), so a line is safe even where the application's logger does not mask.
 */
export function nestSdkLogger(context = 'DeletionSdk'): SdkLogger {
  const logger = new Logger(context);
  const format = (message: string, fields?: LogFields) =>
    fields && Object.keys(fields).length > 0 ? `${message} ${JSON.stringify(fields)}` : message;
  return redactingLogger({
    debug: (message, fields) => logger.debug(format(message, fields)),
    info: (message, fields) => logger.log(format(message, fields)),
    warn: (message, fields) => logger.warn(format(message, fields)),
    error: (message, fields) => logger.error(format(message, fields)),
    // Nest's own level filter (NestFactory's `logger` option): a dropped line is not built or masked
    isLevelEnabled: (level) => Logger.isLevelEnabled(level === 'info' ? 'log' : level),
  });
}
