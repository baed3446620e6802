import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { IntervalPoller } from '../common/interval-poller';
import { CoordinatorConfig } from '../config/coordinator-config';
import { DeadlineEscalationService } from '../deadlines/deadline-escalation.service';
import { OutboxRelay } from '../dispatch/outbox-relay';
import { OPEN_REQUEST_STATUSES_SQL } from '../requests/request-lifecycle';
import { TaskRetryService } from './task-retry.service';
import { DeadlineKind } from '../timers/timer-jobs';
import { ScheduledTimer, TimerQueue } from '../timers/timer-queue';

const BATCH = 500;

interface EscalationRow {
  due_at: Date;
  at_risk_at: Date | null;
  overdue_at: Date | null;
  receipt_confirmation_due_at: Date | null;
  receipt_confirmed_at: Date | null;
  receipt_confirmation_overdue_at: Date | null;
}

export interface SweepReport {
  ackTimeouts: number;
  retries: number;
  escalations: number;
  timersScheduled: number;
}

/**
 * Rebuilds the timer state from PostgreSQL, which records every due time. Anything already due is handled here
 * directly (so a wiped or unreachable Redis delays work by at most one interval, never loses it); anything due
 * before the next sweep is (re)scheduled on BullMQ for punctuality. Every step is idempotent, so several
 * coordinator replicas may sweep at once.
 */
@Injectable()
export class ReconciliationSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconciliationSweep.name);
  private readonly poller = new IntervalPoller({
    what: 'reconciliation sweep',
    pass: () => this.sweep(),
    log: this.logger,
    whileRunning: 'skip',
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly retries: TaskRetryService,
    private readonly deadlines: DeadlineEscalationService,
    private readonly timers: TimerQueue,
    private readonly relay: OutboxRelay,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.poller.start({ intervalMs: this.config.sweepIntervalMs, passNow: true });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  async sweep(): Promise<SweepReport> {
    const now = this.clock.now();
    const horizon = new Date(now.getTime() + this.config.sweepIntervalMs * 2);
    const report: SweepReport = { ackTimeouts: 0, retries: 0, escalations: 0, timersScheduled: 0 };

    const silent = await this.dataSource.query(
      `SELECT id, attempts FROM erasure_tasks WHERE status = 'dispatched' AND ack_due_at <= $1::timestamptz LIMIT $2`,
      [now, BATCH],
    );
    for (const task of silent as { id: string; attempts: number }[]) {
      await this.retries.onAckTimeout(task.id, task.attempts);
      report.ackTimeouts += 1;
    }
    const dueRetries = await this.dataSource.query(
      `SELECT id, attempts FROM erasure_tasks WHERE status = 'failed' AND next_attempt_at <= $1::timestamptz LIMIT $2`,
      [now, BATCH],
    );
    for (const task of dueRetries as { id: string; attempts: number }[]) {
      await this.retries.onRetryDue(task.id, task.attempts + 1);
      report.retries += 1;
    }
    report.escalations = await this.escalateDueDeadlines(now);

    const upcoming = await this.upcomingTimers(now, horizon);
    await this.timers.schedule(upcoming);
    report.timersScheduled = upcoming.length;
    this.relay.nudge();
    if (report.ackTimeouts + report.retries + report.escalations > 0) {
      this.logger.log(
        `sweep: ${report.ackTimeouts} unanswered dispatch(es), ${report.retries} retry(ies), ${report.escalations} escalation(s) handled`,
      );
    }
    return report;
  }

  private async escalateDueDeadlines(now: Date): Promise<number> {
    const lead = this.config.atRiskLeadMs;
    const rows: { id: string; kind: DeadlineKind }[] = await this.dataSource.query(
      `SELECT id, 'overdue' AS kind FROM erasure_requests
        WHERE status IN ${OPEN_REQUEST_STATUSES_SQL} AND overdue_at IS NULL AND due_at <= $1::timestamptz
       UNION ALL
       SELECT id, 'at_risk' AS kind FROM erasure_requests
        WHERE status IN ${OPEN_REQUEST_STATUSES_SQL} AND at_risk_at IS NULL
          AND due_at - make_interval(secs => $2::double precision / 1000) <= $1::timestamptz
       UNION ALL
       SELECT id, 'receipt_confirmation_overdue' AS kind FROM erasure_requests
        WHERE status IN ${OPEN_REQUEST_STATUSES_SQL} AND receipt_confirmation_due_at <= $1::timestamptz
          AND receipt_confirmed_at IS NULL AND receipt_confirmation_overdue_at IS NULL
       LIMIT $3`,
      [now, lead, BATCH],
    );
    for (const row of rows) await this.deadlines.onDeadline(row.id, row.kind);
    return rows.length;
  }

  private async upcomingTimers(now: Date, horizon: Date): Promise<ScheduledTimer[]> {
    const timers = await this.upcomingAckTimeouts(now, horizon);
    const retries: { id: string; attempts: number; next_attempt_at: Date }[] = await this.dataSource.query(
      `SELECT id, attempts, next_attempt_at FROM erasure_tasks
        WHERE status = 'failed' AND next_attempt_at > $1::timestamptz AND next_attempt_at <= $2::timestamptz
        LIMIT $3`,
      [now, horizon, BATCH],
    );
    for (const task of retries) {
      timers.push({
        job: { name: 'task.retry', data: { taskId: task.id, attempt: task.attempts + 1 } },
        at: task.next_attempt_at,
      });
    }
    const requests: (EscalationRow & { id: string })[] = await this.dataSource.query(
      `SELECT id, due_at, at_risk_at, overdue_at, receipt_confirmation_due_at, receipt_confirmed_at,
              receipt_confirmation_overdue_at FROM erasure_requests
        WHERE status IN ${OPEN_REQUEST_STATUSES_SQL}
          AND ((overdue_at IS NULL AND due_at <= $1::timestamptz)
            OR (at_risk_at IS NULL AND due_at - make_interval(secs => $2::double precision / 1000) <= $1::timestamptz)
            OR (receipt_confirmation_due_at <= $1::timestamptz AND receipt_confirmed_at IS NULL
                AND receipt_confirmation_overdue_at IS NULL))
        LIMIT $3`,
      [horizon, this.config.atRiskLeadMs, BATCH],
    );
    for (const request of requests) {
      timers.push(
        ...this.deadlines
          .timersFor({
            id: request.id,
            dueAt: request.due_at,
            atRiskAt: request.at_risk_at,
            overdueAt: request.overdue_at,
            receiptConfirmationDueAt: request.receipt_confirmation_due_at,
            receiptConfirmedAt: request.receipt_confirmed_at,
            receiptConfirmationOverdueAt: request.receipt_confirmation_overdue_at,
          })
          .filter((timer) => timer.at <= horizon && timer.at > now),
      );
    }
    return timers;
  }

  /**
   * Every acknowledgement timeout due within the horizon, page by page in due order: the relay arms none that is
   * due later than that (see OutboxRelay), so this is where a dispatch's timer comes from, however many there are.
   */
  private async upcomingAckTimeouts(now: Date, horizon: Date): Promise<ScheduledTimer[]> {
    const timers: ScheduledTimer[] = [];
    let after: { at: Date; id: string } | undefined;
    for (;;) {
      const page: { id: string; attempts: number; ack_due_at: Date }[] = await this.dataSource.query(
        `SELECT id, attempts, ack_due_at FROM erasure_tasks
          WHERE status = 'dispatched' AND ack_due_at > $1::timestamptz AND ack_due_at <= $2::timestamptz
            AND ack_due_at >= $4::timestamptz AND (ack_due_at, id) > ($4::timestamptz, $5::uuid)
          ORDER BY ack_due_at, id
          LIMIT $3`,
        [now, horizon, BATCH, after?.at ?? now, after?.id ?? '00000000-0000-0000-0000-000000000000'],
      );
      for (const task of page) {
        timers.push({
          job: { name: 'task.ack-timeout', data: { taskId: task.id, attempt: task.attempts } },
          at: task.ack_due_at,
        });
      }
      if (page.length < BATCH) return timers;
      const last = page[page.length - 1];
      after = { at: last.ack_due_at, id: last.id };
    }
  }
}
