import { Module } from '@nestjs/common';
import { DispatchModule } from '../dispatch/dispatch.module';
import { RegistryModule } from '../registry/registry.module';
import { RetriesModule } from '../retries/retries.module';
import { ErasureRequestActionsService } from './erasure-request-actions.service';
import { ErasureRequestController } from './erasure-request.controller';
import { ErasureRequestService } from './erasure-request.service';

@Module({
  imports: [DispatchModule, RegistryModule, RetriesModule],
  controllers: [ErasureRequestController],
  providers: [ErasureRequestService, ErasureRequestActionsService],
  // the OpenDSR endpoints submit, read and cancel through these, like the v1 controller
  exports: [ErasureRequestService, ErasureRequestActionsService],
})
export class ErasureRequestModule {}
