import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LedgerRepository, requestStream } from '../ledger/ledger.repository';
import { SHREDDABLE_STATUSES_SQL, ShreddableStatus, shredCutoff, TERMINAL_AT_SQL } from './shred-policy';

export const IDENTITIES_SHREDDED_EVENT = 'request.identities_shredded';

/** One request whose identities a batch destroyed. */
export interface ShreddedRequest {
  id: string;
  status: ShreddableStatus;
  terminalAt: Date;
}

/**
 * Destroys the sealed identities and wrapped data keys of requests whose shred window has ended, and records
 * each in its audit stream, in one transaction per batch.
 */
@Injectable()
export class IdentityShreddingRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
  ) {}

  /**
   * Claims up to `limit` due requests and shreds them. SKIP LOCKED lets replicas shred side by side and never
   * waits on a request that a result or an operator holds (it is picked up on a later pass); the lock order
   * request → audit stream is the one every writer follows. A shredded row leaves the "due" predicate, so
   * running this again changes nothing.
   */
  async shredBatch(now: Date, shredAfterMs: number, limit: number): Promise<ShreddedRequest[]> {
    return this.dataSource.transaction(async (manager) => {
      const rows: ShreddedRequest[] = await manager.query(
        `SELECT id, status, ${TERMINAL_AT_SQL} AS "terminalAt"
           FROM erasure_requests
          WHERE sealed_identities IS NOT NULL
            AND status IN ${SHREDDABLE_STATUSES_SQL}
            AND ${TERMINAL_AT_SQL} <= $1
            -- a request a legal hold kept back keeps its identities until its follow-up erasure is opened
            AND NOT EXISTS (SELECT 1 FROM legal_hold_requests h
                             WHERE h.request_id = erasure_requests.id AND h.follow_up_request_id IS NULL)
          ORDER BY ${TERMINAL_AT_SQL}
          LIMIT $2
            FOR UPDATE SKIP LOCKED`,
        [shredCutoff(now, shredAfterMs), limit],
      );
      if (rows.length === 0) return [];
      await manager.query(
        `UPDATE erasure_requests
            SET sealed_identities = NULL, wrapped_data_key = NULL, identities_shredded_at = $2, updated_at = $2
          WHERE id = ANY($1)`,
        [rows.map((row) => row.id), now],
      );
      const shredded = [...rows].sort((a, b) => a.id.localeCompare(b.id));
      await this.ledger.appendToStreams(
        manager,
        shredded.map((row) => ({
          stream: requestStream(row.id),
          events: [
            {
              type: IDENTITIES_SHREDDED_EVENT,
              actor: 'system',
              // what was destroyed and why now; never an identity, not even its hash (request.received has those)
              data: {
                status: row.status,
                terminalAt: row.terminalAt.toISOString(),
                shredAfterMs,
                destroyed: ['sealed_identities', 'wrapped_data_key'],
              },
            },
          ],
        })),
        now,
      );
      return shredded;
    });
  }
}
