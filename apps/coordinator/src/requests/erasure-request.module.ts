import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { HoldsModule } from '../holds/holds.module';
import { DispatchModule } from '../dispatch/dispatch.module';
import { LedgerModule } from '../ledger/ledger.module';
import { RegistryModule } from '../registry/registry.module';
import { RetriesModule } from '../retries/retries.module';
import { TasksModule } from '../tasks/tasks.module';
import { TimersModule } from '../timers/timers.module';
import { VerificationModule } from '../verification/verification.module';
import { ErasureRequestActionsService } from './erasure-request-actions.service';
import { ErasureRequestController } from './erasure-request.controller';
import { ErasureRequestService } from './erasure-request.service';
import { ReceiptConfirmationService } from './receipt-confirmation.service';
import { RequestAuditController } from './request-audit.controller';
import { RequestAuditService } from './request-audit.service';

@Module({
  imports: [
    DeadlinesModule,
    DispatchModule,
    HoldsModule,
    LedgerModule,
    RegistryModule,
    RetriesModule,
    TasksModule,
    TimersModule,
    VerificationModule,
  ],
  controllers: [ErasureRequestController, RequestAuditController],
  providers: [
    ErasureRequestService,
    ErasureRequestActionsService,
    ReceiptConfirmationService,
    RequestAuditService,
  ],
  // the OpenDSR endpoints submit, read and cancel through these, like the v1 controller
  exports: [ErasureRequestService, ErasureRequestActionsService],
})
export class ErasureRequestModule {}
