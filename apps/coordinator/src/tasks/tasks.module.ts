import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { ErasureRequestRepository } from './erasure-request.repository';
import { ErasureTaskRepository } from './erasure-task.repository';
import { TaskStateService } from './task-state.service';

/** The owner of request and task state (DESIGN §9): every feature changes a status through TaskStateService. */
@Module({
  imports: [LedgerModule],
  providers: [ErasureTaskRepository, ErasureRequestRepository, TaskStateService],
  exports: [ErasureTaskRepository, ErasureRequestRepository, TaskStateService],
})
export class TasksModule {}
