import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ErasureRequestModule } from '../requests/erasure-request.module';
import { CallbackQueue } from './callback-queue';
import { CallbackSender } from './callback-sender';
import { CallbackWorker } from './callback-worker';
import { OpenDsrController } from './opendsr.controller';
import { OpenDsrExceptionFilter } from './opendsr.exception.filter';
import { OpenDsrRequestService } from './opendsr-request.service';
import { OpenDsrSigning } from './opendsr-signing';

/** The OpenDSR v2 processor endpoints and their status callbacks (docs/opendsr.md). */
@Module({
  imports: [ErasureRequestModule, LedgerModule, MetricsModule],
  controllers: [OpenDsrController],
  providers: [
    OpenDsrSigning,
    OpenDsrRequestService,
    OpenDsrExceptionFilter,
    CallbackQueue,
    CallbackSender,
    CallbackWorker,
  ],
})
export class OpenDsrModule {}
