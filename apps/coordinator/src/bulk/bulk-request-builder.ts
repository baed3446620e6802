import { initialDueDate, receiptConfirmationDueDate } from '../deadlines/deadline-policy';
import { LegalCalendar } from '../deadlines/legal-calendar';
import { NewAuditEvent } from '../ledger/ledger.repository';
import { ErasureRequestEntity } from '../tasks/erasure-request.entity';
import { ErasureTaskEntity } from '../tasks/erasure-task.entity';
import { newRequestWithTasks } from '../tasks/new-request';
import { BulkJobRow, PendingLine } from './bulk-job.repository';

export interface BuiltRequest {
  request: ErasureRequestEntity;
  tasks: ErasureTaskEntity[];
  received: NewAuditEvent;
}

/**
 * The request one accepted line becomes: as `POST /v1/erasure-requests` would create it, except that the sealed
 * identities and their hashes come from the line (sealed at upload), and the request was received when the
 * upload was, so the legal deadlines run from then however long the queue took.
 */
export function buildBulkRequest(
  job: Pick<BulkJobRow, 'id' | 'regulation' | 'dryRun' | 'createdBy' | 'createdAt'>,
  line: PendingLine,
  services: string[],
  calendar: LegalCalendar,
  now: Date,
): BuiltRequest {
  const receivedAt = job.createdAt;
  const dueAt = initialDueDate(job.regulation, receivedAt, calendar);
  const { request, tasks } = newRequestWithTasks(
    {
      externalId: line.externalId,
      regulation: job.regulation,
      submittedAt: receivedAt,
      dueAt,
      receiptConfirmationDueAt: receiptConfirmationDueDate(job.regulation, receivedAt, calendar),
      identityHashes: line.identityHashes,
      sealedIdentities: line.sealedIdentities,
      wrappedDataKey: line.wrappedDataKey,
      dryRun: job.dryRun,
      bulkJobId: job.id,
      createdBy: job.createdBy,
    },
    services,
    now,
  );
  const received: NewAuditEvent = {
    type: 'request.received',
    actor: job.createdBy,
    data: {
      regulation: request.regulation,
      externalId: request.externalId,
      identityHashes: request.identityHashes,
      dueAt: request.dueAt.toISOString(),
      receiptConfirmationDueAt: request.receiptConfirmationDueAt?.toISOString() ?? null,
      // the zone the law's days were counted in, so an auditor can recount them
      timeZone: calendar.timeZone,
      services,
      bulkJobId: job.id,
      bulkLine: line.lineNo,
      ...(job.dryRun ? { dryRun: true } : {}),
    },
  };
  return { request, tasks, received };
}
