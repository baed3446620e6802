import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dropDatabase, ensureDatabase } from '../../../../scripts/lib/postgres';
import { sampleDataSourceOptions, SampleDatabaseSchema } from '../sample-database';

const PG_URL = process.env.LETHE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A service's schema in a database of its own, migrated as the app migrates it; drop it after the test. */
export interface TestDatabase {
  dataSource: DataSource;
  drop(): Promise<void>;
}

export async function createTestDatabase(
  service: string,
  schema: SampleDatabaseSchema,
): Promise<TestDatabase> {
  const url = new URL(PG_URL);
  url.pathname = `/lethe_test_${service}_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(url.toString());
  const dataSource = new DataSource(sampleDataSourceOptions(service, url.toString(), schema));
  try {
    await dataSource.initialize();
  } catch (error) {
    await dropDatabase(url.toString());
    throw error;
  }
  return {
    dataSource,
    async drop() {
      await dataSource.destroy();
      await dropDatabase(url.toString());
    },
  };
}
