import { ErasureResult } from '@lethe/deletion-sdk/protocol';
import { isTaskTerminal, TaskStatus } from '../../tasks/task-lifecycle';
import type { ServiceRegistration } from '../registered-service.entity';
import { RegistryErrorCode } from '../registry.exception';

/** Pure rules of an operator confirming a task of a manually registered service. */

export const MANUAL_OUTCOMES = ['deleted', 'not_found', 'retained'] as const;
export type ManualOutcome = (typeof MANUAL_OUTCOMES)[number];

/** Recorded as the result's sdkVersion, so a manual confirmation can be told from an SDK result. */
export const MANUAL_SDK_VERSION = 'manual';

export interface ManualConfirmation {
  outcome: ManualOutcome;
  recordsAffected: number;
  retention?: { basis: string; note?: string };
  /** Evidence of what the person did: recorded with the result in the ledger, never sent anywhere. */
  note?: string;
  evidenceSha256?: string;
}

export interface ConfirmableTask {
  id: string;
  requestId: string;
  service: string;
  status: TaskStatus;
  attempts: number;
}

/** The same consistency rules the protocol applies to a service's result, as reasons an operator can act on. */
export function confirmationProblems(confirmation: ManualConfirmation): string[] {
  const problems: string[] = [];
  if (confirmation.outcome === 'retained' && !confirmation.retention) {
    problems.push('retention {basis, note} is required when the outcome is retained');
  }
  if (confirmation.outcome !== 'retained' && confirmation.retention) {
    problems.push('retention is only allowed when the outcome is retained');
  }
  if (confirmation.outcome === 'not_found' && confirmation.recordsAffected !== 0) {
    problems.push('recordsAffected must be 0 when the outcome is not_found');
  }
  return problems;
}

export type Refusal = { code: RegistryErrorCode; reason: string };

/** Why this task cannot be confirmed by hand now, or undefined when it can. */
export function refuseConfirmation(
  task: ConfirmableTask,
  registration: ServiceRegistration | null,
): Refusal | undefined {
  if (registration !== 'manual') {
    return {
      code: RegistryErrorCode.ServiceNotManual,
      reason: `service ${task.service} reports its own results; only tasks of manually registered services are confirmed by hand`,
    };
  }
  if (isTaskTerminal(task.status)) {
    return {
      code: RegistryErrorCode.TaskAlreadySettled,
      reason: `the task of ${task.service} is already ${task.status}`,
    };
  }
  if (task.attempts === 0) {
    return {
      code: RegistryErrorCode.TaskNotDispatched,
      reason: `the task of ${task.service} has not been dispatched yet; try again in a moment`,
    };
  }
  return undefined;
}

/**
 * The confirmation as the result a service would have sent for its latest dispatch, so it takes the one code path
 * every result takes (ResultService.apply) and lands in the ledger the same way.
 */
export function manualResult(
  confirmation: ManualConfirmation,
  task: ConfirmableTask,
  resultId: string,
  completedAt: Date,
): ErasureResult {
  return {
    v: 1,
    type: 'erasure.result',
    id: resultId,
    requestId: task.requestId,
    taskId: task.id,
    service: task.service,
    attempt: task.attempts,
    outcome: confirmation.outcome,
    recordsAffected: confirmation.recordsAffected,
    ...(confirmation.retention && {
      retention: {
        basis: confirmation.retention.basis,
        ...(confirmation.retention.note !== undefined && { note: confirmation.retention.note }),
      },
    }),
    completedAt: completedAt.toISOString(),
    sdkVersion: MANUAL_SDK_VERSION,
  };
}

/** The evidence the ledger keeps beside the result, or undefined when the operator gave none. */
export function manualEvidence(
  confirmation: ManualConfirmation,
): { note: string | null; evidenceSha256: string | null } | undefined {
  if (confirmation.note === undefined && confirmation.evidenceSha256 === undefined) return undefined;
  return { note: confirmation.note ?? null, evidenceSha256: confirmation.evidenceSha256 ?? null };
}
