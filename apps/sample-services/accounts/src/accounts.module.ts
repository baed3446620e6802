import { Module } from '@nestjs/common';
import { HealthController } from '../../shared/health.controller';
import { SampleConfigModule } from '../../shared/sample-config.module';
import { sampleTypeOrmModule } from '../../shared/sample-database';
import { sampleDeletionSdkModule } from '../../shared/sample-deletion-sdk';
import { loadPostgresServiceConfig, PostgresServiceConfig } from '../../shared/sample-service-config';
import { ACCOUNTS_SCHEMA } from './database/accounts-schema';
import { AccountsErasureHandler } from './users/accounts-erasure.handler';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

@Module({
  imports: [
    SampleConfigModule.forService(PostgresServiceConfig, () =>
      loadPostgresServiceConfig({ service: 'accounts', port: 3101, database: 'lethe_accounts' }),
    ),
    sampleTypeOrmModule(ACCOUNTS_SCHEMA),
    sampleDeletionSdkModule({ identityTypes: ['email', 'user_id'], dataCategories: ['account', 'profile'] }),
  ],
  controllers: [UsersController, HealthController],
  providers: [UsersService, AccountsErasureHandler],
})
export class AccountsModule {}
