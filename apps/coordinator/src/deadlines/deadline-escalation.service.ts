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
import { ScheduledTimer, TimerQueue } from '../timers/timer-queue';
import {
  ESCALATION_MARKER,
  EscalationState,
  pendingEscalation,
  pendingEscalations,
} from './escalation-rules';

const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * At-risk and overdue escalations of a request's deadline, and the overdue one of a CCPA receipt confirmation.
 * Each is recorded once per due date in the ledger (and shown by the API), then POSTed to the escalation webhook
 * when one is configured. The body carries ids and dates, never identities.
 */
@Injectable()
export class DeadlineEscalationService implements OnModuleInit {
  private readonly logger = new Logger(DeadlineEscalationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly timers: TimerQueue,
    private readonly timerHandlers: TimerHandlers,
    private readonly requests: ErasureRequestRepository,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.timerHandlers.register('request.deadline', (data) => this.onDeadline(data.requestId, data.kind));
    this.timerHandlers.register('escalation.webhook', (data) =>
      this.deliverWebhook(data.requestId, data.kind, data.dueAt),
    );
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
      return { dueAt: pending.dueAt, now };
    });
    if (escalated && this.config.escalationWebhookUrl) {
      this.logger.warn(
        `request ${requestId} is ${kind.replace(/_/g, ' ')} (due ${escalated.dueAt.toISOString()})`,
      );
      await this.timers.schedule([
        {
          job: {
            name: 'escalation.webhook',
            data: { requestId, kind, dueAt: escalated.dueAt.toISOString() },
          },
          at: escalated.now,
        },
      ]);
    }
  }

  /** Delivers one escalation; throws on failure so BullMQ retries it with backoff. */
  async deliverWebhook(requestId: string, kind: DeadlineKind, dueAt: string): Promise<void> {
    const url = this.config.escalationWebhookUrl;
    if (!url) return;
    const request = await this.dataSource.getRepository(ErasureRequestEntity).findOneBy({ id: requestId });
    if (!request) return;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'lethe-coordinator' },
      body: JSON.stringify({
        type: `lethe.request.${kind}`,
        requestId,
        externalId: request.externalId,
        regulation: request.regulation,
        status: request.status,
        dueAt,
        at: this.clock.now().toISOString(),
      }),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`escalation webhook answered HTTP ${response.status}`);
    await this.dataSource.transaction(async (manager) => {
      await this.requests.lock(manager, requestId);
      await this.ledger.append(
        manager,
        requestStream(requestId),
        [
          {
            type: 'escalation.delivered',
            actor: 'system',
            data: { kind, dueAt, httpStatus: response.status },
          },
        ],
        this.clock.now(),
      );
    });
  }
}
