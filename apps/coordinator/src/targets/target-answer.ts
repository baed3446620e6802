import { ErasureError, ErasureOutcome, ErasureResult, RetentionInfo } from '@lethe/deletion-sdk/protocol';
import { TargetFailureCode, TargetKind, TARGET_SDK_VERSION } from './target-kinds';

/**
 * Pure: what a target said — in its answer to a command, to a status poll, or in a callback — and the result it
 * becomes. A report of an outcome becomes an `erasure.result` for the task's current attempt, so it takes the one
 * path every result takes (ResultService.apply): the same idempotency, retries, ledger events and settling.
 */
export type TargetAnswer =
  | {
      kind: 'outcome';
      outcome: ErasureOutcome;
      recordsAffected: number;
      retention?: RetentionInfo;
      error?: ErasureError;
    }
  | { kind: 'accepted'; expectedAt: Date; statusUrl: string | null };

export type ParsedAnswer = TargetAnswer | { kind: 'invalid'; reason: string };

const STATUSES = ['deleted', 'not_found', 'retained', 'failed', 'accepted'] as const;
const MAX_TEXT = 500;

/** Parses a target's JSON answer; `defaultWaitMs` is its registered expected completion time. */
export function parseTargetAnswer(body: unknown, now: Date, defaultWaitMs: number): ParsedAnswer {
  if (!isObject(body)) return invalid('the answer is not a JSON object');
  const status = body.status;
  if (typeof status !== 'string' || !(STATUSES as readonly string[]).includes(status)) {
    return invalid(`status must be one of ${STATUSES.join(', ')}`);
  }
  if (status === 'accepted') {
    const expectedAt =
      body.expectedCompletionAt === undefined
        ? new Date(now.getTime() + defaultWaitMs)
        : dateOf(body.expectedCompletionAt);
    if (!expectedAt) return invalid('expectedCompletionAt must be an ISO 8601 date-time');
    const statusUrl = body.statusUrl === undefined || body.statusUrl === null ? null : body.statusUrl;
    if (statusUrl !== null && (typeof statusUrl !== 'string' || statusUrl.length > 2000)) {
      return invalid('statusUrl must be a URL');
    }
    return { kind: 'accepted', expectedAt, statusUrl };
  }
  const recordsAffected = body.recordsAffected ?? 0;
  if (!Number.isInteger(recordsAffected) || (recordsAffected as number) < 0) {
    return invalid('recordsAffected must be a non-negative integer');
  }
  const outcome = status as ErasureOutcome;
  if (outcome === 'not_found' && recordsAffected !== 0)
    return invalid('recordsAffected must be 0 when not_found');
  if (outcome === 'retained') {
    const retention = body.retention;
    if (
      !isObject(retention) ||
      !isText(retention.basis) ||
      (retention.note !== undefined && !isText(retention.note))
    ) {
      return invalid('retention {basis, note?} is required when the outcome is retained');
    }
    return {
      kind: 'outcome',
      outcome,
      recordsAffected: recordsAffected as number,
      retention: {
        basis: retention.basis,
        ...(retention.note !== undefined && { note: retention.note as string }),
      },
    };
  }
  if (outcome === 'failed') {
    const error = body.error;
    if (error !== undefined && !isError(error)) {
      return invalid('error must be {code, message, retriable}');
    }
    return {
      kind: 'outcome',
      outcome,
      recordsAffected: recordsAffected as number,
      error: error ?? {
        code: TargetFailureCode.Failed,
        message: 'the target reported a failure',
        retriable: true,
      },
    };
  }
  return { kind: 'outcome', outcome, recordsAffected: recordsAffected as number };
}

/** A failure Lethe observed itself (the target unreachable, refusing, overdue, answering nonsense). */
export function failure(code: string, message: string, retriable: boolean): TargetAnswer {
  return { kind: 'outcome', outcome: 'failed', recordsAffected: 0, error: { code, message, retriable } };
}

/** What an HTTP status that is not a 2xx means: a target error or overload is retried, a refusal is not. */
export function httpFailure(status: number): TargetAnswer {
  const retriable = status >= 500 || status === 408 || status === 429;
  return failure(
    retriable ? TargetFailureCode.Unreachable : TargetFailureCode.Rejected,
    `the target answered HTTP ${status}`,
    retriable,
  );
}

export interface DispatchedTask {
  requestId: string;
  taskId: string;
  service: string;
  attempt: number;
}

export function toErasureResult(
  answer: Extract<TargetAnswer, { kind: 'outcome' }>,
  task: DispatchedTask,
  kind: TargetKind,
  resultId: string,
  completedAt: Date,
): ErasureResult {
  return {
    v: 1,
    type: 'erasure.result',
    id: resultId,
    requestId: task.requestId,
    taskId: task.taskId,
    service: task.service,
    attempt: task.attempt,
    outcome: answer.outcome,
    recordsAffected: answer.recordsAffected,
    ...(answer.retention && { retention: answer.retention }),
    ...(answer.error && { error: answer.error }),
    completedAt: completedAt.toISOString(),
    sdkVersion: TARGET_SDK_VERSION[kind],
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;
}

function isError(value: unknown): value is ErasureError {
  return (
    isObject(value) && isText(value.code) && isText(value.message) && typeof value.retriable === 'boolean'
  );
}

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

function invalid(reason: string): ParsedAnswer {
  return { kind: 'invalid', reason };
}
