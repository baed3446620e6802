import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { LedgerRepository, requestStream } from '../ledger/ledger.repository';
import { ErasureRequestEntity } from '../tasks/erasure-request.entity';
import { isRequestTerminal } from '../requests/request-lifecycle';
import { ErasureRequestRepository } from '../tasks/erasure-request.repository';
import { TimerHandlers } from '../timers/timer-handlers';
import { DeadlineKind } from '../timers/timer-jobs';
import type { ScheduledTimer } from '../timers/timer-queue';
import {
  ESCALATION_MARKER,
  EscalationState,
  pendingEscalation,
  pendingEscalations,
} from './escalation-rules';
import { EscalationDeliveryRepository } from './escalation-delivery.repository';

/**
 * At-risk and overdue escalations of a request's deadline, and the overdue one of a CCPA receipt confirmation.
 * Each is recorded once per due date in the ledger (and shown by the API) and, when an escalation webhook is
 * configured, queued in the same transaction in the PostgreSQL outbox that EscalationDeliveryWorker delivers from.
 */
@Injectable()
export class DeadlineEscalationService implements OnModuleInit {
  private readonly logger = new Logger(DeadlineEscalationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly timerHandlers: TimerHandlers,
    private readonly requests: ErasureRequestRepository,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
    private readonly deliveries: EscalationDeliveryRepository,
  ) {}

  onModuleInit(): void {
    this.timerHandlers.register('request.deadline', (data) => this.onDeadline(data.requestId, data.kind));
  }

  /** The escalation timers a request still needs. */
  timersFor(request: Pick<ErasureRequestEntity, 'id' | keyof EscalationState>): ScheduledTimer[] {
    return pendingEscalations(request, this.config.atRiskLeadMs).map((pending) => ({
      job: {
        name: 'request.deadline',
        data: { requestId: request.id, kind: pending.kind, dueAt: pending.dueAt.toISOString() },
      },
      at: pending.at,
    }));
  }

  /** Records the escalation if it is due and not yet recorded for the current due date. Idempotent. */
  async onDeadline(requestId: string, kind: DeadlineKind): Promise<void> {
    const escalated = await this.dataSource.transaction(async (manager) => {
      const request = await this.requests.lock(manager, requestId);
      if (!request || isRequestTerminal(request.status)) return undefined;
      const now = this.clock.now();
      const pending = pendingEscalation(kind, request, this.config.atRiskLeadMs);
      if (!pending || now < pending.at) return undefined;
      await this.requests.updateDeadline(manager, requestId, { [ESCALATION_MARKER[kind]]: now });
      // Owed to the webhook in the same transaction as the ledger's record: recorded means it will be delivered.
      if (this.config.escalationWebhookUrl) {
        await this.deliveries.enqueue(manager, { requestId, kind, dueAt: pending.dueAt }, now);
      }
      await this.ledger.append(
        manager,
        requestStream(requestId),
        [
          {
            type: `request.${kind}`,
            actor: 'system',
            data: { dueAt: pending.dueAt.toISOString(), status: request.status },
          },
        ],
        now,
      );
      return { dueAt: pending.dueAt };
    });
    if (escalated) {
      this.logger.warn(
        `request ${requestId} is ${kind.replace(/_/g, ' ')} (due ${escalated.dueAt.toISOString()})`,
      );
    }
  }
}
