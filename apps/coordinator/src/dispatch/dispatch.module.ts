import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { TasksModule } from '../tasks/tasks.module';
import { TimersModule } from '../timers/timers.module';
import { OutboxRelay } from './outbox-relay';
import { OutboxRepository } from './outbox.repository';

@Module({
  imports: [LedgerModule, TasksModule, TimersModule],
  providers: [OutboxRelay, OutboxRepository],
  exports: [OutboxRelay, OutboxRepository],
})
export class DispatchModule {}
