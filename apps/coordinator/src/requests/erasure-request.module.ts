import { Module } from '@nestjs/common';
import { DispatchModule } from '../dispatch/dispatch.module';
import { RegistryModule } from '../registry/registry.module';
import { RetriesModule } from '../retries/retries.module';
import { ErasureRequestActionsService } from './erasure-request-actions.service';
import { ErasureRequestController } from './erasure-request.controller';
import { ErasureRequestService } from './erasure-request.service';
import { ReceiptConfirmationService } from './receipt-confirmation.service';

@Module({
  imports: [DispatchModule, RegistryModule, RetriesModule],
  controllers: [ErasureRequestController],
  providers: [ErasureRequestService, ErasureRequestActionsService, ReceiptConfirmationService],
})
export class ErasureRequestModule {}
