import { Module } from '@nestjs/common';
import { HoldsModule } from '../holds/holds.module';
import { LedgerModule } from '../ledger/ledger.module';
import { TasksModule } from '../tasks/tasks.module';
import { DeletionReceiptController } from './deletion-receipt.controller';
import { DeletionReceiptService } from './deletion-receipt.service';

/** Signed deletion receipts: read-only over the ledger, signed with the KeyRing's receipt key (CryptoModule). */
@Module({
  imports: [HoldsModule, LedgerModule, TasksModule],
  controllers: [DeletionReceiptController],
  providers: [DeletionReceiptService],
})
export class ReceiptsModule {}
