import type { MigrationInterface, QueryRunner } from 'typeorm';
import { connectionSettings, type DatabaseTimeouts } from '../config/database-timeouts';

/** node-postgres pool and connection settings for the timeouts. */
export function poolSettings(timeouts: DatabaseTimeouts): Record<string, number | boolean> {
  return { max: timeouts.poolSize, ...connectionSettings(timeouts) };
}

type MigrationClass = new () => MigrationInterface;

/**
 * A migration may rightly run for longer than any statement of the application (an index over a million rows),
 * so each runs with the statement timeout lifted for its own transaction only (SET LOCAL).
 */
export function withoutStatementTimeout(migration: MigrationClass): MigrationClass {
  return class extends migration {
    override name = migration.name;

    override async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query('SET LOCAL statement_timeout = 0');
      return super.up(queryRunner);
    }

    override async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query('SET LOCAL statement_timeout = 0');
      return super.down(queryRunner);
    }
  };
}
