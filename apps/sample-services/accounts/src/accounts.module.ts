import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeletionSdkModule } from '@lethe/deletion-sdk';
import { HealthController } from '../../shared/health.controller';
import { SampleConfigModule } from '../../shared/sample-config.module';
import { SampleServiceConfig } from '../../shared/sample-service-config';
import { Accounts1795000000000 } from './database/migrations/1795000000000-accounts';
import { AccountsErasureHandler } from './users/accounts-erasure.handler';
import { ProfileEntity } from './users/profile.entity';
import { UserEntity } from './users/user.entity';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

@Module({
  imports: [
    SampleConfigModule.forService({ service: 'accounts', port: 3101, database: 'lethe_accounts' }),
    TypeOrmModule.forRootAsync({
      inject: [SampleServiceConfig],
      useFactory: (config: SampleServiceConfig) => ({
        type: 'postgres',
        url: config.databaseUrl,
        entities: [UserEntity, ProfileEntity],
        migrations: [Accounts1795000000000],
        migrationsRun: true,
        synchronize: false,
        applicationName: 'lethe-sample-accounts',
      }),
    }),
    DeletionSdkModule.forRootAsync({
      inject: [SampleServiceConfig],
      useFactory: (config: SampleServiceConfig) => ({
        service: config.service,
        brokers: config.kafkaBrokers,
        topicPrefix: config.topicPrefix,
        signingKeys: [{ id: config.signingKeyId, secret: config.signingSecret }],
        identityTypes: ['email', 'user_id'],
        dataCategories: ['account', 'profile'],
      }),
    }),
  ],
  controllers: [UsersController, HealthController],
  providers: [UsersService, AccountsErasureHandler],
})
export class AccountsModule {}
