import { Module } from '@nestjs/common';
import { LedgerAuditController } from './ledger-audit.controller';
import { LedgerExportService } from './ledger-export.service';
import { LedgerRepository } from './ledger.repository';
import { LedgerVerificationService } from './ledger-verification.service';

@Module({
  controllers: [LedgerAuditController],
  providers: [LedgerRepository, LedgerVerificationService, LedgerExportService],
  exports: [LedgerRepository],
})
export class LedgerModule {}
