import { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions, MigrationInterface } from 'typeorm';
import { PostgresServiceConfig } from './sample-service-config';

/** A service's tables: its entities and the migrations that create them (the schema is never synchronised). */
export interface SampleDatabaseSchema {
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: (new () => MigrationInterface)[];
}

/** How every sample service (and its integration tests) connects to its own database. */
export function sampleDataSourceOptions(
  service: string,
  databaseUrl: string,
  schema: SampleDatabaseSchema,
): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: schema.entities,
    migrations: schema.migrations,
    migrationsRun: true,
    synchronize: false,
    applicationName: `lethe-sample-${service}`,
  };
}

/** TypeORM for a service configured with `PostgresServiceConfig` (import it before the deletion SDK; see there). */
export function sampleTypeOrmModule(schema: SampleDatabaseSchema): DynamicModule {
  return TypeOrmModule.forRootAsync({
    inject: [PostgresServiceConfig],
    useFactory: (config: PostgresServiceConfig) =>
      sampleDataSourceOptions(config.service, config.databaseUrl, schema),
  });
}

const UNIQUE_VIOLATION = '23505';

/** Whether a PostgreSQL error is a unique-constraint violation (a duplicate the caller should report as 409). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === UNIQUE_VIOLATION;
}
