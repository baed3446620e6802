import { isOverdue, isRequestTerminal } from './request-lifecycle';
import { ErasureRequestEntity } from '../tasks/erasure-request.entity';
import { ErasureTaskEntity } from '../tasks/erasure-task.entity';
import { isTaskDone } from '../tasks/task-lifecycle';
import { ErasureRequestResponse, ErasureRequestSummary } from './dto/erasure-request.response';
import { shredDueAt } from '../shredding/shred-policy';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toErasureRequestSummary(
  request: ErasureRequestEntity,
  progress: { total: number; done: number },
  now: Date,
): ErasureRequestSummary {
  return {
    id: request.id,
    externalId: request.externalId,
    regulation: request.regulation,
    status: request.status,
    overdue: isOverdue(request.status, request.dueAt, now),
    atRisk: request.atRiskAt !== null,
    submittedAt: request.submittedAt.toISOString(),
    dueAt: request.dueAt.toISOString(),
    completedAt: iso(request.completedAt),
    progress,
  };
}

export function toErasureRequestResponse(
  request: ErasureRequestEntity,
  tasks: ErasureTaskEntity[],
  now: Date,
  shredAfterMs: number,
  verification: ErasureRequestResponse['verification'],
): ErasureRequestResponse {
  const progress = { total: tasks.length, done: tasks.filter((task) => isTaskDone(task.status)).length };
  return {
    ...toErasureRequestSummary(request, progress, now),
    dryRun: request.dryRun,
    bulkJobId: request.bulkJobId,
    receiptConfirmationDueAt: iso(request.receiptConfirmationDueAt),
    receiptConfirmedAt: iso(request.receiptConfirmedAt),
    receiptConfirmationOverdue: isReceiptConfirmationOverdue(request, now),
    extension:
      request.extendedAt && request.extensionReason
        ? {
            at: request.extendedAt.toISOString(),
            reason: request.extensionReason,
            initialDueAt: request.initialDueAt.toISOString(),
          }
        : null,
    cancelledAt: iso(request.cancelledAt),
    identitiesShreddedAt: iso(request.identitiesShreddedAt),
    identitiesShredDueAt: iso(shredDueAt(request, shredAfterMs)),
    tasks: tasks
      .slice()
      .sort((a, b) => a.service.localeCompare(b.service))
      .map((task) => ({
        service: task.service,
        status: task.status,
        attempts: task.attempts,
        recordsAffected: task.recordsAffected,
        retention: task.retention,
        lastError: task.lastError,
        nextAttemptAt: iso(task.nextAttemptAt),
        expectedAt: task.status === 'waiting' ? iso(task.expectedAt ?? null) : null,
        completedAt: iso(task.completedAt),
      })),
    verification,
  };
}

/** Owed and past due on an open request: the same rule as the escalation, which skips finished requests. */
function isReceiptConfirmationOverdue(request: ErasureRequestEntity, now: Date): boolean {
  const dueAt = request.receiptConfirmationDueAt;
  return (
    dueAt !== null &&
    request.receiptConfirmedAt === null &&
    !isRequestTerminal(request.status) &&
    now.getTime() > dueAt.getTime()
  );
}
