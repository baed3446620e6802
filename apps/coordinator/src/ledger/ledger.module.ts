import { Module } from '@nestjs/common';
import { LedgerAuditController } from './ledger-audit.controller';
import { LedgerExportService } from './ledger-export.service';
import { LedgerRangeWorkers } from './ledger-range-workers';
import { LedgerRepository } from './ledger.repository';
import { LedgerVerificationService } from './ledger-verification.service';

@Module({
  controllers: [LedgerAuditController],
  providers: [LedgerRepository, LedgerVerificationService, LedgerExportService, LedgerRangeWorkers],
  exports: [LedgerRepository],
})
export class LedgerModule {}
