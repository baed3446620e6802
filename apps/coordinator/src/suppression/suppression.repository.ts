import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * The suppression list, read from the ledger's own rows: a subject is suppressed when a completed request about
 * them erased something or found nothing (a task `deleted` or `not_found`). A request a legal hold answered has
 * only `retained` tasks, so it suppresses nobody: that person's data was kept, not erased.
 */
@Injectable()
export class SuppressionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Which of these keyed hashes belong to an erased subject. One query for the whole batch. */
  async suppressed(hashes: string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const rows: { hash: string }[] = await this.dataSource.query(
      `SELECT DISTINCT h.hash
         FROM unnest($1::text[]) AS h(hash)
        WHERE EXISTS (
          SELECT 1 FROM erasure_requests r
           WHERE r.status = 'completed'
             AND r.identity_hashes @> jsonb_build_array(jsonb_build_object('hash', h.hash))
             AND EXISTS (SELECT 1 FROM erasure_tasks t
                          WHERE t.request_id = r.id AND t.status IN ('deleted', 'not_found')))`,
      [hashes],
    );
    return new Set(rows.map((row) => row.hash));
  }
}
