import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RequestStatus } from '../requests/request-lifecycle';
import { InsertColumn, UnnestInsert, unnestInsertOf } from '../database/unnest-insert';
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
  /** Inserts the requests in one statement, however many there are, with others (`insertAllByUnnest`). */
  inserting(requests: ErasureRequestEntity[]): UnnestInsert {
    return unnestInsertOf('erasure_requests', REQUEST_COLUMNS, requests);
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

const REQUEST_COLUMNS: InsertColumn<ErasureRequestEntity>[] = [
  { name: 'id', type: 'uuid', value: (r) => r.id },
  { name: 'external_id', type: 'text', value: (r) => r.externalId },
  { name: 'regulation', type: 'text', value: (r) => r.regulation },
  { name: 'status', type: 'text', value: (r) => r.status },
  { name: 'submitted_at', type: 'timestamptz', value: (r) => r.submittedAt },
  { name: 'due_at', type: 'timestamptz', value: (r) => r.dueAt },
  { name: 'completed_at', type: 'timestamptz', value: (r) => r.completedAt },
  { name: 'initial_due_at', type: 'timestamptz', value: (r) => r.initialDueAt },
  { name: 'receipt_confirmation_due_at', type: 'timestamptz', value: (r) => r.receiptConfirmationDueAt },
  { name: 'receipt_confirmed_at', type: 'timestamptz', value: (r) => r.receiptConfirmedAt },
  {
    name: 'receipt_confirmation_overdue_at',
    type: 'timestamptz',
    value: (r) => r.receiptConfirmationOverdueAt,
  },
  { name: 'extended_at', type: 'timestamptz', value: (r) => r.extendedAt },
  { name: 'extension_reason', type: 'text', value: (r) => r.extensionReason },
  { name: 'at_risk_at', type: 'timestamptz', value: (r) => r.atRiskAt },
  { name: 'overdue_at', type: 'timestamptz', value: (r) => r.overdueAt },
  { name: 'cancelled_at', type: 'timestamptz', value: (r) => r.cancelledAt },
  { name: 'identity_hashes', type: 'jsonb', value: (r) => r.identityHashes },
  { name: 'sealed_identities', type: 'bytea', value: (r) => r.sealedIdentities },
  { name: 'wrapped_data_key', type: 'bytea', value: (r) => r.wrappedDataKey },
  { name: 'identities_shredded_at', type: 'timestamptz', value: (r) => r.identitiesShreddedAt },
  { name: 'dry_run', type: 'boolean', value: (r) => r.dryRun },
  { name: 'bulk_job_id', type: 'uuid', value: (r) => r.bulkJobId },
  { name: 'created_by', type: 'text', value: (r) => r.createdBy },
  { name: 'updated_at', type: 'timestamptz', value: (r) => r.updatedAt },
];
