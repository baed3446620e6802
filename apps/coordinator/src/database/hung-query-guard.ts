import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { guardedPgClient } from '../common/guarded-pg-client';

const logger = new Logger('Database');

/** The guarded client of common/guarded-pg-client.ts, warning through the coordinator's log when it drops a connection. */
export function hungQueryGuardedClient(timeoutMs: number): typeof Client {
  return guardedPgClient(timeoutMs, (message) => logger.warn(message));
}
