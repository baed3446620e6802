import { randomUUID } from 'node:crypto';
import { ErasureRequestEntity } from './erasure-request.entity';
import { ErasureTaskEntity } from './erasure-task.entity';

/** What a caller decides about a request it is about to create; everything else starts empty. */
export type NewRequestFields = Pick<
  ErasureRequestEntity,
  | 'externalId'
  | 'regulation'
  | 'submittedAt'
  | 'dueAt'
  | 'receiptConfirmationDueAt'
  | 'identityHashes'
  | 'sealedIdentities'
  | 'wrappedDataKey'
  | 'dryRun'
  | 'bulkJobId'
  | 'createdBy'
>;

/**
 * A request as it is received, and one pending task per service: the rows intake (single and bulk) hands to
 * TaskStateService.createRequests. One place, so a column added to either entity starts out the same everywhere.
 */
export function newRequestWithTasks(
  fields: NewRequestFields,
  services: readonly string[],
  now: Date,
): { request: ErasureRequestEntity; tasks: ErasureTaskEntity[] } {
  const request: ErasureRequestEntity = {
    ...fields,
    id: randomUUID(),
    status: 'received',
    initialDueAt: fields.dueAt,
    receiptConfirmedAt: null,
    receiptConfirmationOverdueAt: null,
    extendedAt: null,
    extensionReason: null,
    atRiskAt: null,
    overdueAt: null,
    cancelledAt: null,
    completedAt: null,
    identitiesShreddedAt: null,
    updatedAt: now,
  };
  const tasks: ErasureTaskEntity[] = services.map((service) => ({
    id: randomUUID(),
    requestId: request.id,
    service,
    status: 'pending',
    attempts: 0,
    recordsAffected: null,
    retention: null,
    lastError: null,
    dispatchedAt: null,
    completedAt: null,
    ackDueAt: null,
    nextAttemptAt: null,
    attemptBudgetBase: 0,
    updatedAt: now,
  }));
  return { request, tasks };
}
