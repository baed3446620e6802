import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TASK_DONE_STATUSES } from '../../tasks/task-lifecycle';
import { AttentionRow } from '../stats/dashboard-stats.repository';
import { ReadPosition } from './change-window';

/** A request's list line as it is now, with the version a change was read at. */
export interface RequestChangeRow extends AttentionRow {
  /** The latest updated_at of the request and its tasks. */
  version: Date;
}

@Injectable()
export class RequestChangeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Requests changed after `position`, themselves or through a task, as they are now: oldest change first. The
   * two range scans on ix_erasure_requests_updated and ix_erasure_tasks_updated cover a few seconds of writes, so
   * a poll costs the same with a thousand requests as with a million.
   */
  changedSince(position: ReadPosition, limit: number): Promise<RequestChangeRow[]> {
    return this.dataSource.query(
      `SELECT r.id, r.external_id AS "externalId", r.regulation, r.status, r.submitted_at AS "submittedAt",
              r.due_at AS "dueAt", r.completed_at AS "completedAt", r.at_risk_at AS "atRiskAt",
              p.total, p.done, GREATEST(r.updated_at, p.updated_at) AS version
         FROM (SELECT id AS request_id FROM erasure_requests WHERE updated_at >= $1
               UNION
               SELECT request_id FROM erasure_tasks WHERE updated_at >= $1) touched
         JOIN erasure_requests r ON r.id = touched.request_id
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS total, count(*) FILTER (WHERE t.status = ANY($4))::int AS done,
                 max(t.updated_at) AS updated_at
            FROM erasure_tasks t WHERE t.request_id = r.id) p
        WHERE (GREATEST(r.updated_at, p.updated_at), r.id) > ($1, $2::uuid)
        ORDER BY version, r.id
        LIMIT $3`,
      [position.since, position.afterId, limit, TASK_DONE_STATUSES],
    );
  }
}
