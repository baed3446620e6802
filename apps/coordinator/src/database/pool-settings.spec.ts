import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_DATABASE_TIMEOUTS, validateDatabaseTimeouts } from '../config/database-timeouts';
import { poolSettings, withoutStatementTimeout } from './pool-settings';

describe(poolSettings.name, () => {
  it('maps the timeouts onto node-postgres settings, with keepalive on', () => {
    expect(
      poolSettings({
        poolSize: 7,
        connectTimeoutMs: 1000,
        statementTimeoutMs: 2000,
        idleInTransactionTimeoutMs: 3000,
        queryTimeoutMs: 4000,
        keepAliveInitialDelayMs: 5000,
      }),
    ).toEqual({
      max: 7,
      connectionTimeoutMillis: 1000,
      statement_timeout: 2000,
      idle_in_transaction_session_timeout: 3000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 5000,
    });
  });
});

describe(validateDatabaseTimeouts.name, () => {
  it('accepts the defaults', () => {
    expect(validateDatabaseTimeouts(DEFAULT_DATABASE_TIMEOUTS)).toEqual([]);
  });

  it('wants the client to wait longer than the server lets a statement run', () => {
    const problems = validateDatabaseTimeouts({ ...DEFAULT_DATABASE_TIMEOUTS, queryTimeoutMs: 30_000 });
    expect(problems).toEqual([expect.stringContaining('LETHE_DB_QUERY_TIMEOUT_MS')]);
  });
});

describe(withoutStatementTimeout.name, () => {
  class AddThings1795000999999 implements MigrationInterface {
    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query('CREATE TABLE things (id int)');
    }
    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query('DROP TABLE things');
    }
  }

  const recorder = () => {
    const queries: string[] = [];
    const runner = { query: async (sql: string) => void queries.push(sql) } as unknown as QueryRunner;
    return { queries, runner };
  };

  it('lifts the statement timeout for the migration transaction only, before each direction', async () => {
    const Wrapped = withoutStatementTimeout(AddThings1795000999999);
    const up = recorder();
    await new Wrapped().up(up.runner);
    expect(up.queries).toEqual(['SET LOCAL statement_timeout = 0', 'CREATE TABLE things (id int)']);
    const down = recorder();
    await new Wrapped().down(down.runner);
    expect(down.queries).toEqual(['SET LOCAL statement_timeout = 0', 'DROP TABLE things']);
  });

  it('keeps the name TypeORM records the migration by', () => {
    expect(new (withoutStatementTimeout(AddThings1795000999999))().name).toBe('AddThings1795000999999');
  });
});
