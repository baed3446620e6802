import { Module } from '@nestjs/common';
import { HealthController } from '../../shared/health.controller';
import { SampleConfigModule } from '../../shared/sample-config.module';
import { sampleTypeOrmModule } from '../../shared/sample-database';
import { sampleDeletionSdkModule } from '../../shared/sample-deletion-sdk';
import { MARKETING_SCHEMA } from './database/marketing-schema';
import { FaultInjectionController } from './faults/fault-injection.controller';
import { FaultInjectionService } from './faults/fault-injection.service';
import { loadMarketingConfig, MarketingConfig } from './marketing-config';
import { MarketingErasureHandler } from './subscriptions/marketing-erasure.handler';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';
import { SubscriptionsService } from './subscriptions/subscriptions.service';

@Module({
  imports: [
    SampleConfigModule.forService(MarketingConfig, () => loadMarketingConfig()),
    sampleTypeOrmModule(MARKETING_SCHEMA),
    sampleDeletionSdkModule({
      identityTypes: ['email'],
      dataCategories: ['newsletter-subscription', 'consent'],
    }),
  ],
  controllers: [SubscriptionsController, FaultInjectionController, HealthController],
  providers: [SubscriptionsService, FaultInjectionService, MarketingErasureHandler],
})
export class MarketingModule {}
