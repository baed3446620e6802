import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { TasksModule } from '../tasks/tasks.module';
import { LegalHoldController } from './legal-hold.controller';
import { LegalHoldRepository } from './legal-hold.repository';
import { LegalHoldService } from './legal-hold.service';

/** Legal holds below intake: intake (and bulk intake) ask `LegalHoldService.heldBy` in their transaction. */
@Module({
  imports: [LedgerModule, TasksModule],
  controllers: [LegalHoldController],
  providers: [LegalHoldRepository, LegalHoldService],
  exports: [LegalHoldService, LegalHoldRepository],
})
export class HoldsModule {}
