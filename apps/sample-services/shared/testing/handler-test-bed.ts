import type { Provider } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { createNestErasureHarness, ErasureHarness } from '@lethe/deletion-sdk';
import type { SampleDatabaseSchema } from '../sample-database';
import { createTestDatabase, TestDatabase } from './test-database';

/** A service's erasure handlers and services over a fresh, migrated database, with the SDK's harness. */
export interface HandlerTestBed {
  harness: ErasureHarness;
  moduleRef: TestingModule;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function createHandlerTestBed(
  service: string,
  schema: SampleDatabaseSchema,
  providers: Provider[],
): Promise<HandlerTestBed> {
  const database = await createTestDatabase(service, schema);
  const moduleRef = await Test.createTestingModule({
    providers: [...providers, { provide: getDataSourceToken(), useValue: database.dataSource }],
  }).compile();
  return {
    harness: createNestErasureHarness(moduleRef, { service }),
    moduleRef,
    database,
    async close() {
      await moduleRef.close();
      await database.drop();
    },
  };
}
