import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Regulation } from '../../deadlines/deadline-policy';
import { OPEN_REQUEST_STATUSES_SQL as OPEN, RequestStatus } from '../../requests/request-lifecycle';
import { TASK_DONE_STATUSES } from '../../tasks/task-lifecycle';
import { DailyCount } from './completion-series';

export interface RequestAggregates {
  byStatus: Partial<Record<RequestStatus, number>>;
  overdue: number;
  atRisk: number;
  perDay: DailyCount[];
  completedInWindow: number;
  medianMs: number | null;
}

export interface ServiceAggregates {
  service: string;
  succeeded: number;
  failed: number;
  p95AckMs: number | null;
}

export interface AttentionRow {
  id: string;
  externalId: string | null;
  regulation: Regulation;
  status: RequestStatus;
  submittedAt: Date;
  dueAt: Date;
  completedAt: Date | null;
  atRiskAt: Date | null;
  total: number;
  done: number;
}

/**
 * The dashboard's aggregates, straight from the ledger tables. Each method is one statement, served by indexes:
 * the status count by ix_erasure_requests_status_submitted (index-only), open requests by the partial
 * ix_erasure_requests_open_due, the completion window by ix_erasure_requests_completed and the task window by
 * ix_erasure_tasks_updated — so the cost follows open and recent work, not the size of the ledger. Dry runs
 * are left out of the status counts (subtracted, counted on the small partial ix_erasure_requests_dry_run, so the
 * total stays index-only) and the completions: they erased nothing. Open ones still show when they need attention.
 */
@Injectable()
export class DashboardStatsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async requestAggregates(now: Date, atRiskBefore: Date, since: Date): Promise<RequestAggregates> {
    const [row] = await this.dataSource.query(
      `WITH completed AS (
         SELECT completed_at, completed_at - submitted_at AS took
           FROM erasure_requests
          WHERE status = 'completed' AND completed_at >= $3 AND NOT dry_run
       )
       SELECT
         (SELECT COALESCE(jsonb_object_agg(status, n), '{}')
            FROM (SELECT a.status, (a.n - COALESCE(d.n, 0))::int AS n
                    FROM (SELECT status, count(*) AS n FROM erasure_requests GROUP BY status) a
                    LEFT JOIN (SELECT status, count(*) AS n FROM erasure_requests WHERE dry_run GROUP BY status) d
                      USING (status)) s
           WHERE s.n > 0) AS "byStatus",
         open.overdue, open.at_risk AS "atRisk",
         (SELECT COALESCE(jsonb_agg(jsonb_build_object('date', day, 'count', n)), '[]')
            FROM (SELECT to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS n
                    FROM completed GROUP BY 1) d) AS "perDay",
         (SELECT count(*)::int FROM completed) AS "completedInWindow",
         (SELECT extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY took)) * 1000
            FROM completed)::float8 AS "medianMs"
       FROM (SELECT count(*) FILTER (WHERE due_at < $1)::int AS overdue,
                    count(*) FILTER (WHERE due_at >= $1 AND (due_at < $2 OR at_risk_at IS NOT NULL))::int AS at_risk
               FROM erasure_requests WHERE status IN ${OPEN}) open`,
      [now, atRiskBefore, since],
    );
    return row as RequestAggregates;
  }

  /** The latest change to any request or task (two index lookups), or null while the ledger is empty. */
  async ledgerVersion(): Promise<Date | null> {
    const [row] = await this.dataSource.query(
      `SELECT GREATEST((SELECT max(updated_at) FROM erasure_requests),
                       (SELECT max(updated_at) FROM erasure_tasks)) AS version`,
    );
    return (row as { version: Date | null }).version;
  }

  /** Tasks settled since `since` (by their last change), per service. */
  serviceAggregates(since: Date): Promise<ServiceAggregates[]> {
    return this.dataSource.query(
      `SELECT service,
              count(*) FILTER (WHERE status = ANY($2))::int AS succeeded,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              (percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM updated_at - dispatched_at) * 1000)
                 FILTER (WHERE status = ANY($2) AND dispatched_at IS NOT NULL))::float8 AS "p95AckMs"
         FROM erasure_tasks
        WHERE updated_at >= $1 AND (status = ANY($2) OR status = 'failed')
        GROUP BY service
        ORDER BY service`,
      [since, TASK_DONE_STATUSES],
    );
  }

  /** Open requests that are overdue, at risk or need an operator, soonest due first, with their progress. */
  attention(atRiskBefore: Date, limit: number): Promise<AttentionRow[]> {
    return this.dataSource.query(
      `SELECT r.id, r.external_id AS "externalId", r.regulation, r.status, r.submitted_at AS "submittedAt",
              r.due_at AS "dueAt", r.completed_at AS "completedAt", r.at_risk_at AS "atRiskAt", p.total, p.done
         FROM erasure_requests r
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS total, count(*) FILTER (WHERE t.status = ANY($3))::int AS done
            FROM erasure_tasks t WHERE t.request_id = r.id) p
        WHERE r.status IN ${OPEN}
          AND (r.status = 'needs_attention' OR r.due_at < $1 OR r.at_risk_at IS NOT NULL)
        ORDER BY r.due_at, r.id
        LIMIT $2`,
      [atRiskBefore, limit, TASK_DONE_STATUSES],
    );
  }
}
