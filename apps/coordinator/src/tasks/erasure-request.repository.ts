import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RequestStatus } from '../requests/request-lifecycle';
import { ErasureRequestEntity } from './erasure-request.entity';
import { lockRequest } from './request-lock';

/** Columns that move with a request's status; a column left out is not written. */
export type RequestColumns = Partial<Pick<ErasureRequestEntity, 'completedAt' | 'cancelledAt'>>;

/** Deadline columns, which change without the status (an extension, an escalation). */
export type DeadlineColumns = Partial<
  Pick<
    ErasureRequestEntity,
    | 'dueAt'
    | 'extendedAt'
    | 'extensionReason'
    | 'atRiskAt'
    | 'overdueAt'
    | 'receiptConfirmedAt'
    | 'receiptConfirmationOverdueAt'
    | 'updatedAt'
  >
>;

/**
 * The erasure_requests table. Only TaskStateService writes statuses through it; every status UPDATE is guarded
 * by the statuses the caller expects and returns the ids it changed.
 */
@Injectable()
export class ErasureRequestRepository {
  async insert(manager: EntityManager, requests: ErasureRequestEntity[]): Promise<void> {
    if (requests.length > 0) await manager.getRepository(ErasureRequestEntity).insert(requests);
  }

  /** Locks one request for the rest of the transaction (see lockRequest for the lock order). */
  lock(manager: EntityManager, requestId: string): Promise<ErasureRequestEntity | null> {
    return lockRequest(manager, requestId);
  }

  /** Locks several requests, in id order so that two batches never deadlock on each other; returns them. */
  async lockMany(
    manager: EntityManager,
    requestIds: string[],
  ): Promise<Pick<ErasureRequestEntity, 'id' | 'status'>[]> {
    if (requestIds.length === 0) return [];
    return manager.query(
      `SELECT id, status FROM erasure_requests WHERE id = ANY($1) ORDER BY id FOR UPDATE`,
      [[...new Set(requestIds)].sort()],
    );
  }

  /** Moves the requests still in one of `from` to `to`; returns the ids it moved. */
  async changeStatus(
    manager: EntityManager,
    requestIds: string[],
    from: readonly RequestStatus[],
    to: RequestStatus,
    columns: RequestColumns,
    now: Date,
  ): Promise<Set<string>> {
    if (requestIds.length === 0 || from.length === 0) return new Set();
    // an UPDATE … RETURNING inside a CTE, because TypeORM reports a bare UPDATE as [rows, count]
    const rows: { id: string }[] = await manager.query(
      `WITH moved AS (
         UPDATE erasure_requests SET status = $3, updated_at = $4,
                completed_at = CASE WHEN $5::boolean THEN $6::timestamptz ELSE completed_at END,
                cancelled_at = CASE WHEN $7::boolean THEN $8::timestamptz ELSE cancelled_at END
          WHERE id = ANY($1) AND status = ANY($2)
          RETURNING id)
       SELECT id FROM moved`,
      [
        requestIds,
        [...from],
        to,
        now,
        columns.completedAt !== undefined,
        columns.completedAt ?? null,
        columns.cancelledAt !== undefined,
        columns.cancelledAt ?? null,
      ],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Writes deadline columns of an open request (the caller holds its lock); never the status. */
  async updateDeadline(manager: EntityManager, requestId: string, columns: DeadlineColumns): Promise<void> {
    await manager.getRepository(ErasureRequestEntity).update({ id: requestId }, columns);
  }
}
