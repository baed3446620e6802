import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { guardedPgClient } from '../common/guarded-pg-client';

const logger = new Logger('Database');

/** `hung-query-client.ts`'s guarded client, warning through the coordinator's log when it drops a connection. */
export function hungQueryGuardedClient(timeoutMs: number): typeof Client {
  return guardedPgClient(timeoutMs, (message) => logger.warn(message));
}
