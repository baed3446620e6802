import { Module } from '@nestjs/common';
import { CommandTopicRetention } from './command-topic-retention';
import { RegistryConsumer } from './registry.consumer';
import { RegistryController } from './registry.controller';
import { RegistryService } from './registry.service';
import { ServiceAdministration } from './service-administration.service';

@Module({
  controllers: [RegistryController, RegistryConsumer],
  providers: [RegistryService, ServiceAdministration, CommandTopicRetention],
  exports: [RegistryService],
})
export class RegistryModule {}
