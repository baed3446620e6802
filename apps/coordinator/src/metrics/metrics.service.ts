import { Injectable, Logger } from '@nestjs/common';
import type { ErasureOutcome } from '@lethe/deletion-sdk/protocol';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { Clock } from '../common/clock';
import { isRequestTerminal, REQUEST_STATUSES, RequestStatus } from '../requests/request-lifecycle';
import { RequestStatisticsRepository } from './request-statistics.repository';

/** From sub-second (a fast service) to the GDPR month, in seconds. */
const TASK_COMPLETION_BUCKETS = [
  0.5, 1, 5, 15, 60, 300, 900, 3600, 14_400, 86_400, 259_200, 604_800, 2_592_000,
];

/**
 * The coordinator's Prometheus metrics, in registries of this app instance's own (not prom-client's global one), so
 * that several apps in one process do not collide. Request gauges are counted from PostgreSQL at scrape time and
 * kept in a registry of their own, so that a scrape while PostgreSQL is away leaves them out instead of showing 0.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);
  readonly registry = new Registry();
  private readonly ledgerRegistry = new Registry();
  private readonly requests = new Gauge({
    name: 'lethe_erasure_requests',
    help: 'Erasure requests in the ledger, by status',
    labelNames: ['status'] as const,
    registers: [this.ledgerRegistry],
  });
  private readonly overdue = new Gauge({
    name: 'lethe_erasure_requests_overdue',
    help: 'Erasure requests past their due date that are neither completed nor cancelled',
    registers: [this.ledgerRegistry],
  });
  private readonly taskCompletion = new Histogram({
    name: 'lethe_task_completion_seconds',
    help: 'Seconds from dispatching a task to its result, by service and outcome',
    labelNames: ['service', 'outcome'] as const,
    buckets: TASK_COMPLETION_BUCKETS,
    registers: [this.registry],
  });
  private readonly retries = new Counter({
    name: 'lethe_task_retries_total',
    help: 'Task retries scheduled, by service and reason (ack_timeout, failed, operator)',
    labelNames: ['service', 'reason'] as const,
    registers: [this.registry],
  });
  private readonly deadLetters = new Counter({
    name: 'lethe_dead_letters_total',
    help: 'Consumed messages parked on a dead-letter topic, by source topic and error code',
    labelNames: ['topic', 'code'] as const,
    registers: [this.registry],
  });
  private readonly identitiesShredded = new Counter({
    name: 'lethe_identities_shredded_total',
    help: 'Requests whose encrypted identities and data key were crypto-shredded, by terminal status',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  constructor(
    private readonly statistics: RequestStatisticsRepository,
    private readonly clock: Clock,
  ) {
    collectDefaultMetrics({ register: this.registry });
  }

  observeTaskCompletion(seconds: number, service: string, outcome: ErasureOutcome): void {
    if (!Number.isFinite(seconds)) return;
    // clocks of different hosts can disagree by a little; a negative duration means "immediately"
    this.taskCompletion.observe({ service, outcome }, Math.max(0, seconds));
  }

  recordRetry(service: string, reason: string): void {
    this.retries.inc({ service, reason });
  }

  recordDeadLetter(topic: string, code: string): void {
    this.deadLetters.inc({ topic, code });
  }

  recordIdentitiesShredded(status: string, count: number): void {
    if (count > 0) this.identitiesShredded.inc({ status }, count);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text, with the request gauges freshly counted. */
  async scrape(): Promise<string> {
    const counted = await this.refreshRequestGauges();
    const text = await this.registry.metrics();
    return counted ? text + (await this.ledgerRegistry.metrics()) : text;
  }

  private async refreshRequestGauges(): Promise<boolean> {
    try {
      const counts = await this.statistics.countByStatus(this.clock.now());
      this.requests.reset();
      for (const status of REQUEST_STATUSES) this.requests.set({ status }, 0);
      let overdue = 0;
      for (const { status, total, pastDue } of counts) {
        this.requests.set({ status }, total);
        if (!isRequestTerminal(status as RequestStatus)) overdue += pastDue;
      }
      this.overdue.set(overdue);
      return true;
    } catch (error) {
      // serve the other metrics anyway; absent request series say the ledger could not be counted
      this.logger.warn(
        `could not count requests for /metrics: ${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
  }
}
