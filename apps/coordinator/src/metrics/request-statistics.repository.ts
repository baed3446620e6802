import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface RequestStatusCount {
  status: string;
  total: number;
  /** How many of them are past their due date. */
  pastDue: number;
}

/**
 * Counts the ledger's requests for the metrics endpoint; PostgreSQL is the source of truth, so no counters drift.
 * Dry runs are not erasures, so they are not counted.
 */
@Injectable()
export class RequestStatisticsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async countByStatus(now: Date): Promise<RequestStatusCount[]> {
    const rows = await this.dataSource.query<{ status: string; total: string; past_due: string }[]>(
      `SELECT status, count(*) FILTER (WHERE NOT dry_run) AS total,
              count(*) FILTER (WHERE due_at < $1 AND NOT dry_run) AS past_due
         FROM erasure_requests
        GROUP BY status`,
      [now],
    );
    return rows.map((row) => ({
      status: row.status,
      total: Number(row.total),
      pastDue: Number(row.past_due),
    }));
  }
}
