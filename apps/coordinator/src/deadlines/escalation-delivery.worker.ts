import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { IntervalPoller } from '../common/interval-poller';
import { CoordinatorConfig } from '../config/coordinator-config';
import { LedgerRepository, requestStream } from '../ledger/ledger.repository';
import { MetricsService } from '../metrics/metrics.service';
import { ErasureRequestEntity } from '../tasks/erasure-request.entity';
import { ErasureRequestRepository } from '../tasks/erasure-request.repository';
import { escalationRetryDelayMs } from './escalation-backoff';
import type { EscalationDelivery } from './escalation-delivery';
import { EscalationDeliveryRepository } from './escalation-delivery.repository';

const DELIVERY_BATCH = 50;

type Attempt =
  { delivered: true; httpStatus: number } | { delivered: false; httpStatus: number | null; error: string };

/**
 * Every poll interval, delivers the escalations that are due from the PostgreSQL outbox to the webhook. A failure
 * is retried with exponential backoff for as long as it takes (or until an operator stops it); Redis plays no
 * part, so neither a FLUSHALL nor a crash between the ledger's commit and the POST loses one.
 */
@Injectable()
export class EscalationDeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EscalationWebhook');
  private readonly poller = new IntervalPoller({
    what: 'escalation delivery',
    pass: () => this.tick(),
    log: this.logger,
    whileRunning: 'skip',
  });
  private readonly outcomes: Counter<'outcome'>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: EscalationDeliveryRepository,
    private readonly requests: ErasureRequestRepository,
    private readonly ledger: LedgerRepository,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
    metrics: MetricsService,
  ) {
    this.outcomes = new Counter({
      name: 'lethe_escalation_deliveries_total',
      help: 'Escalation webhook delivery attempts, by outcome (delivered, failed = will retry, stopped by an operator)',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
    for (const outcome of ['delivered', 'failed', 'stopped']) this.outcomes.inc({ outcome }, 0);
    const { logger, deliveries: outbox } = this;
    new Gauge({
      name: 'lethe_escalation_deliveries_open',
      help: 'Escalations not delivered to the webhook, by status (pending, failing = last attempt failed, stopped)',
      labelNames: ['status'] as const,
      registers: [metrics.registry],
      async collect() {
        try {
          const counts = await outbox.countOpen();
          for (const [status, total] of Object.entries(counts)) this.set({ status }, total);
        } catch (error) {
          // absent series say the outbox could not be counted; the rest of /metrics is still served
          this.reset();
          logger.warn(`could not count escalation deliveries: ${(error as Error).message}`);
        }
      },
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.escalationWebhookUrl) return;
    this.poller.start({ intervalMs: this.config.escalationDelivery.pollIntervalMs, passNow: false });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  recordStopped(): void {
    this.outcomes.inc({ outcome: 'stopped' });
  }

  /** One round: claims what is due and delivers it. Returns how many were claimed. */
  async tick(): Promise<number> {
    const url = this.config.escalationWebhookUrl;
    if (!url) return 0;
    try {
      const lease = this.config.escalationDelivery.timeoutMs * 2 + 5_000;
      const due = await this.deliveries.claimDue(this.clock.now(), lease, DELIVERY_BATCH);
      await Promise.all(due.map((delivery) => this.deliver(url, delivery)));
      return due.length;
    } catch (error) {
      // the outbox is in PostgreSQL: the next tick tries again and nothing is lost
      this.logger.warn(`escalation delivery round failed: ${(error as Error).message}`);
      return 0;
    }
  }

  private async deliver(url: string, delivery: EscalationDelivery): Promise<void> {
    const attempt = await this.post(url, delivery);
    const now = this.clock.now();
    if (attempt.delivered) {
      await this.dataSource.transaction(async (manager) => {
        await this.requests.lock(manager, delivery.requestId);
        if (!(await this.deliveries.markDelivered(manager, delivery.id, attempt.httpStatus, now))) return;
        await this.ledger.append(
          manager,
          requestStream(delivery.requestId),
          [
            {
              type: 'escalation.delivered',
              actor: 'system',
              data: {
                kind: delivery.kind,
                ...(delivery.service && { service: delivery.service }),
                dueAt: new Date(delivery.dueAt).toISOString(),
                httpStatus: attempt.httpStatus,
                attempts: delivery.attempts,
              },
            },
          ],
          now,
        );
      });
      this.outcomes.inc({ outcome: 'delivered' });
      return;
    }
    const { baseDelayMs, maxDelayMs } = this.config.escalationDelivery;
    const retryAt = new Date(
      now.getTime() + escalationRetryDelayMs(delivery.attempts, baseDelayMs, maxDelayMs),
    );
    await this.deliveries.markFailed(delivery.id, attempt.error, attempt.httpStatus, retryAt);
    this.outcomes.inc({ outcome: 'failed' });
    this.logger.warn(
      `escalation ${delivery.kind} of request ${delivery.requestId} not delivered (attempt ${delivery.attempts}): ${attempt.error}; next at ${retryAt.toISOString()}`,
    );
  }

  /** The POST itself. The body carries ids and dates, never identities. */
  private async post(url: string, delivery: EscalationDelivery): Promise<Attempt> {
    try {
      const request = await this.dataSource
        .getRepository(ErasureRequestEntity)
        .findOneBy({ id: delivery.requestId });
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'lethe-coordinator' },
        body: JSON.stringify({
          type: `lethe.request.${delivery.kind}`,
          deliveryId: delivery.id,
          requestId: delivery.requestId,
          externalId: request?.externalId ?? null,
          regulation: request?.regulation ?? null,
          status: request?.status ?? null,
          dueAt: new Date(delivery.dueAt).toISOString(),
          // a reminder names the task that waits (a service name, never a subject)
          ...(delivery.taskId && { taskId: delivery.taskId, service: delivery.service }),
          at: this.clock.now().toISOString(),
        }),
        signal: AbortSignal.timeout(this.config.escalationDelivery.timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined);
      if (response.ok) return { delivered: true, httpStatus: response.status };
      return { delivered: false, httpStatus: response.status, error: `HTTP ${response.status}` };
    } catch (error) {
      return { delivered: false, httpStatus: null, error: (error as Error).message };
    }
  }
}
