import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CoordinatorConfig } from '../config/coordinator-config';
import { dataSourceOptions } from './data-source-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [CoordinatorConfig],
      useFactory: (config: CoordinatorConfig) => ({
        ...dataSourceOptions(config.databaseUrl, config.databaseTimeouts),
        migrationsRun: config.migrateOnStart,
      }),
    }),
  ],
})
export class DatabaseModule {}
