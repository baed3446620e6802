import { DataSource } from 'typeorm';
import { loadDatabaseUrl } from '../config/coordinator-config';
import { dataSourceOptions } from './data-source-options';

/** `npm run migrate`: applies pending migrations and exits; for deployments that migrate before rolling out. */
async function migrate(): Promise<void> {
  const dataSource = await new DataSource(dataSourceOptions(loadDatabaseUrl())).initialize();
  try {
    const applied = await dataSource.runMigrations();
    process.stdout.write(
      applied.length ? `applied ${applied.map((m) => m.name).join(', ')}\n` : 'database is up to date\n',
    );
  } finally {
    await dataSource.destroy();
  }
}

migrate().catch((error: unknown) => {
  process.stderr.write(`migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
