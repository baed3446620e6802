import { Module } from '@nestjs/common';
import { CommandTopicRetention } from './command-topic-retention';
import { LedgerModule } from '../ledger/ledger.module';
import { MetricsModule } from '../metrics/metrics.module';
import { RegistryConsumer } from './registry.consumer';
import { RegistryController } from './registry.controller';
import { RegistryService } from './registry.service';
import { ServiceAdministration } from './service-administration.service';

@Module({
  imports: [LedgerModule, MetricsModule],
  controllers: [RegistryController, RegistryConsumer],
  providers: [RegistryService, ServiceAdministration, CommandTopicRetention],
  exports: [RegistryService],
})
export class RegistryModule {}
