import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { MetricsModule } from '../metrics/metrics.module';
import { IdentityShreddingRepository } from './identity-shredding.repository';
import { IdentityShreddingService } from './identity-shredding.service';

/** Crypto-shredding of finished requests' raw identities (DESIGN §5); see docs/operations.md. */
@Module({
  imports: [LedgerModule, MetricsModule],
  providers: [IdentityShreddingRepository, IdentityShreddingService],
  exports: [IdentityShreddingService],
})
export class ShreddingModule {}
