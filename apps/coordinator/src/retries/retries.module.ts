import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { DispatchModule } from '../dispatch/dispatch.module';
import { MetricsModule } from '../metrics/metrics.module';
import { TasksModule } from '../tasks/tasks.module';
import { TimersModule } from '../timers/timers.module';
import { ReconciliationSweep } from './reconciliation-sweep';
import { TaskRetryService } from './task-retry.service';

/** Failures, silence and retries of tasks, and the sweep that rebuilds timers from the ledger. */
@Module({
  imports: [DeadlinesModule, DispatchModule, MetricsModule, TasksModule, TimersModule],
  providers: [TaskRetryService, ReconciliationSweep],
  exports: [TaskRetryService, ReconciliationSweep],
})
export class RetriesModule {}
