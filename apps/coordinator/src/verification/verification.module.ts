import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { MetricsModule } from '../metrics/metrics.module';
import { TasksModule } from '../tasks/tasks.module';
import { RequestVerificationReader } from './request-verification.reader';
import { VerificationPoller } from './verification-poller';
import { VerificationResultConsumer } from './verification-result.consumer';
import { VerificationRepository } from './verification.repository';

/** The verification pass (docs/compliance.md): proof that erased data stays gone. */
@Module({
  imports: [LedgerModule, MetricsModule, TasksModule],
  providers: [
    VerificationRepository,
    VerificationPoller,
    VerificationResultConsumer,
    RequestVerificationReader,
  ],
  exports: [VerificationRepository, VerificationPoller, RequestVerificationReader],
})
export class VerificationModule {}
