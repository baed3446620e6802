import { Module } from '@nestjs/common';
import { DispatchModule } from '../dispatch/dispatch.module';
import { RegistryModule } from '../registry/registry.module';
import { ErasureRequestController } from './erasure-request.controller';
import { ErasureRequestService } from './erasure-request.service';

@Module({
  imports: [DispatchModule, RegistryModule],
  controllers: [ErasureRequestController],
  providers: [ErasureRequestService],
})
export class ErasureRequestModule {}
