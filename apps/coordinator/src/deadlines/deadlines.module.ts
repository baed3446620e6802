import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { TasksModule } from '../tasks/tasks.module';
import { TimersModule } from '../timers/timers.module';
import { DeadlineEscalationService } from './deadline-escalation.service';

/** Deadline escalations (at risk, overdue, the webhook); it owns the `request.deadline` and webhook timers. */
@Module({
  imports: [LedgerModule, TasksModule, TimersModule],
  providers: [DeadlineEscalationService],
  exports: [DeadlineEscalationService],
})
export class DeadlinesModule {}
