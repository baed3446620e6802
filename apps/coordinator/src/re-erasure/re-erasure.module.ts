import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { ErasureRequestModule } from '../requests/erasure-request.module';
import { VerificationModule } from '../verification/verification.module';
import { ReErasureController } from './re-erasure.controller';
import { ReErasureService } from './re-erasure.service';

/** Above intake and the verification pass: a finding's one action opens an erasure through the intake. */
@Module({
  imports: [ErasureRequestModule, VerificationModule, LedgerModule],
  controllers: [ReErasureController],
  providers: [ReErasureService],
})
export class ReErasureModule {}
