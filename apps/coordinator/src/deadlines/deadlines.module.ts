import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { TasksModule } from '../tasks/tasks.module';
import { TimersModule } from '../timers/timers.module';
import { MetricsModule } from '../metrics/metrics.module';
import { DeadlineEscalationService } from './deadline-escalation.service';
import { EscalationDeliveriesController } from './escalation-deliveries.controller';
import { EscalationDeliveryRepository } from './escalation-delivery.repository';
import { EscalationDeliveryService } from './escalation-delivery.service';
import { EscalationDeliveryWorker } from './escalation-delivery.worker';
import { TaskReminderService } from './task-reminder.service';

/**
 * Deadline escalations (at risk, overdue) and their webhook: it owns the `request.deadline` timers and the
 * PostgreSQL outbox the webhook is delivered from, and the reminders of tasks waiting past their expected time.
 */
@Module({
  imports: [LedgerModule, TasksModule, TimersModule, MetricsModule],
  controllers: [EscalationDeliveriesController],
  providers: [
    DeadlineEscalationService,
    EscalationDeliveryRepository,
    EscalationDeliveryWorker,
    EscalationDeliveryService,
    TaskReminderService,
  ],
  exports: [DeadlineEscalationService, EscalationDeliveryWorker],
})
export class DeadlinesModule {}
