import { Global, Module } from '@nestjs/common';
import { LedgerAuditController } from './ledger-audit.controller';
import { LedgerExportService } from './ledger-export.service';
import { LedgerRepository } from './ledger.repository';
import { LedgerVerificationService } from './ledger-verification.service';
import { RequestAuditController } from './request-audit.controller';
import { RequestAuditService } from './request-audit.service';

@Global()
@Module({
  controllers: [RequestAuditController, LedgerAuditController],
  providers: [LedgerRepository, RequestAuditService, LedgerVerificationService, LedgerExportService],
  exports: [LedgerRepository],
})
export class LedgerModule {}
