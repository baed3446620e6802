import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { CoordinatorConfig } from '../../config/coordinator-config';
import { isOverdue, REQUEST_STATUSES, RequestStatus } from '../../requests/request-lifecycle';
import { AttentionItemResponse, AttentionListResponse, AttentionReason } from '../dto/attention.response';
import { DashboardStatsResponse, RequestStatusCountsResponse } from '../dto/dashboard-stats.response';
import { dailySeries, successRate, windowStart } from './completion-series';
import { AttentionRow, DashboardStatsRepository } from './dashboard-stats.repository';
import { StatsCache } from './stats-cache';

/** Completions per day, the median time to complete and per-service rates cover this many UTC days. */
export const STATS_WINDOW_DAYS = 30;
/** While the ledger keeps changing, this replica recounts at most this often (see StatsCache). */
const STATS_MIN_AGE_MS = 5000;

@Injectable()
export class DashboardStatsService {
  constructor(
    private readonly repository: DashboardStatsRepository,
    private readonly clock: Clock,
    private readonly config: CoordinatorConfig,
  ) {}

  private readonly cache = new StatsCache<DashboardStatsResponse>(STATS_MIN_AGE_MS);

  /**
   * Counting a million requests takes a few hundred milliseconds, so the result is shared by every caller until the
   * ledger changes or the minute turns (and then recounted at most every few seconds); `generatedAt` says when.
   */
  async stats(): Promise<DashboardStatsResponse> {
    const now = this.clock.now();
    const version = await this.repository.ledgerVersion();
    const key = `${version?.toISOString() ?? 'empty'}@${Math.floor(now.getTime() / 60_000)}`;
    return this.cache.get(key, now.getTime(), () => this.compute(now));
  }

  private async compute(now: Date): Promise<DashboardStatsResponse> {
    const since = windowStart(now, STATS_WINDOW_DAYS);
    const [requests, services] = await Promise.all([
      this.repository.requestAggregates(now, this.atRiskBefore(now), since),
      this.repository.serviceAggregates(since),
    ]);
    const count = (status: RequestStatus) => requests.byStatus[status] ?? 0;
    const byStatus: RequestStatusCountsResponse = {
      received: count('received'),
      in_progress: count('in_progress'),
      completed: count('completed'),
      needs_attention: count('needs_attention'),
      cancelled: count('cancelled'),
    };
    return {
      generatedAt: now.toISOString(),
      windowDays: STATS_WINDOW_DAYS,
      windowStart: since.toISOString(),
      requests: {
        total: REQUEST_STATUSES.reduce((sum, status) => sum + byStatus[status], 0),
        byStatus,
        open: byStatus.received + byStatus.in_progress + byStatus.needs_attention,
        overdue: requests.overdue,
        atRisk: requests.atRisk,
        completedInWindow: requests.completedInWindow,
        medianTimeToCompleteMs: requests.medianMs === null ? null : Math.round(requests.medianMs),
      },
      completionsPerDay: dailySeries(requests.perDay, now, STATS_WINDOW_DAYS).map((day) => ({
        date: day.date,
        completed: day.count,
      })),
      services: services.map((service) => ({
        service: service.service,
        settled: service.succeeded + service.failed,
        succeeded: service.succeeded,
        failed: service.failed,
        successRate: successRate(service.succeeded, service.failed),
        p95AckMs: service.p95AckMs === null ? null : Math.round(service.p95AckMs),
      })),
    };
  }

  async attention(limit: number): Promise<AttentionListResponse> {
    const now = this.clock.now();
    const rows = await this.repository.attention(this.atRiskBefore(now), limit);
    return { items: rows.map((row) => this.toAttentionItem(row, now)) };
  }

  private atRiskBefore(now: Date): Date {
    return new Date(now.getTime() + this.config.atRiskLeadMs);
  }

  private toAttentionItem(row: AttentionRow, now: Date): AttentionItemResponse {
    const overdue = isOverdue(row.status, row.dueAt, now);
    const reasons: AttentionReason[] = [];
    if (overdue) reasons.push('overdue');
    // due within the lead time counts even before the escalation timer has fired
    else if (row.atRiskAt !== null || row.dueAt < this.atRiskBefore(now)) reasons.push('at_risk');
    if (row.status === 'needs_attention') reasons.push('needs_attention');
    return {
      id: row.id,
      externalId: row.externalId,
      regulation: row.regulation,
      status: row.status,
      overdue,
      atRisk: row.atRiskAt !== null,
      submittedAt: row.submittedAt.toISOString(),
      dueAt: row.dueAt.toISOString(),
      completedAt: row.completedAt ? row.completedAt.toISOString() : null,
      progress: { total: row.total, done: row.done },
      reasons,
    };
  }
}
