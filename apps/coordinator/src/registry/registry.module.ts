import { Module } from '@nestjs/common';
import { RegistryConsumer } from './registry.consumer';
import { RegistryController } from './registry.controller';
import { RegistryService } from './registry.service';

@Module({
  controllers: [RegistryController, RegistryConsumer],
  providers: [RegistryService],
  exports: [RegistryService],
})
export class RegistryModule {}
