import { Module } from '@nestjs/common';
import { HealthController } from '../../shared/health.controller';
import { SampleConfigModule } from '../../shared/sample-config.module';
import { sampleTypeOrmModule } from '../../shared/sample-database';
import { sampleDeletionSdkModule } from '../../shared/sample-deletion-sdk';
import { SuppressionChecker } from '@lethe/deletion-sdk/client';
import { AccountsServiceConfig, loadAccountsServiceConfig } from '../../shared/sample-service-config';
import { ACCOUNTS_SCHEMA } from './database/accounts-schema';
import { AccountsErasureHandler } from './users/accounts-erasure.handler';
import { UsersController } from './users/users.controller';
import { SUPPRESSION_CHECKER, UsersService } from './users/users.service';

@Module({
  imports: [
    SampleConfigModule.forService(AccountsServiceConfig, () =>
      loadAccountsServiceConfig({ service: 'accounts', port: 3101, database: 'lethe_accounts' }),
    ),
    sampleTypeOrmModule(ACCOUNTS_SCHEMA),
    sampleDeletionSdkModule({ identityTypes: ['email', 'user_id'], dataCategories: ['account', 'profile'] }),
  ],
  controllers: [UsersController, HealthController],
  providers: [
    UsersService,
    AccountsErasureHandler,
    {
      provide: SUPPRESSION_CHECKER,
      inject: [AccountsServiceConfig],
      useFactory: (config: AccountsServiceConfig) =>
        config.suppression ? new SuppressionChecker(config.suppression) : null,
    },
  ],
})
export class AccountsModule {}
