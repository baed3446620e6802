import { Module } from '@nestjs/common';
import { HoldsModule } from '../holds/holds.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ErasureRequestModule } from '../requests/erasure-request.module';
import { HoldExpiryPoller } from './hold-expiry.poller';
import { HoldReleaseController } from './hold-release.controller';
import { HoldReleaseService } from './hold-release.service';

/** Above intake: ending a hold opens erasures through the same intake as the API. */
@Module({
  imports: [HoldsModule, ErasureRequestModule, LedgerModule],
  controllers: [HoldReleaseController],
  providers: [HoldReleaseService, HoldExpiryPoller],
})
export class HoldReleasesModule {}
