import { Logger } from '@nestjs/common';
import type { LogFields, SdkLogger } from '../core/sdk-logger';

/** Sends the SDK's logs through Nest's `Logger`, so they follow the application's logger configuration. */
export function nestSdkLogger(context = 'DeletionSdk'): SdkLogger {
  const logger = new Logger(context);
  const format = (message: string, fields?: LogFields) =>
    fields && Object.keys(fields).length > 0 ? `${message} ${JSON.stringify(fields)}` : message;
  return {
    debug: (message, fields) => logger.debug(format(message, fields)),
    info: (message, fields) => logger.log(format(message, fields)),
    warn: (message, fields) => logger.warn(format(message, fields)),
    error: (message, fields) => logger.error(format(message, fields)),
  };
}
