import { DataSourceOptions } from 'typeorm';
import { DatabaseTimeouts, DEFAULT_DATABASE_TIMEOUTS } from '../config/database-timeouts';
import { poolSettings } from './pool-settings';
import { ENTITIES, MIGRATIONS } from './entities';
import { hungQueryGuardedClient } from './hung-query-guard';

export function dataSourceOptions(
  databaseUrl: string,
  timeouts: DatabaseTimeouts = DEFAULT_DATABASE_TIMEOUTS,
): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsTransactionMode: 'each',
    applicationName: 'lethe-coordinator',
    extra: { ...poolSettings(timeouts), Client: hungQueryGuardedClient(timeouts.queryTimeoutMs) },
  };
}
