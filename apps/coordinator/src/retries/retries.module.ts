import { Module } from '@nestjs/common';
import { DeadlineEscalationService } from '../deadlines/deadline-escalation.service';
import { DispatchModule } from '../dispatch/dispatch.module';
import { ReconciliationSweep } from './reconciliation-sweep';
import { TaskRetryService } from './task-retry.service';
import { TimerWorker } from './timer-worker';

@Module({
  imports: [DispatchModule],
  providers: [TaskRetryService, DeadlineEscalationService, TimerWorker, ReconciliationSweep],
  exports: [TaskRetryService, DeadlineEscalationService, ReconciliationSweep],
})
export class RetriesModule {}
