import type { ErasureError, ErasureOutcome, RetentionInfo } from '../protocol/messages';
import { ErasureHandlerErrorCode } from './erasure-handler.error';
import type { HandlerOutcome } from './handler-outcome';

/** What one handler ended with, after local retries. */
export type HandlerReport =
  | { readonly handler: string; readonly outcome: HandlerOutcome }
  | { readonly handler: string; readonly error: ErasureError };

/** The service-level answer, ready to be put on an `ErasureResult`. */
export interface AggregatedOutcome {
  outcome: ErasureOutcome;
  recordsAffected: number;
  retention?: RetentionInfo;
  error?: ErasureError;
}

// Limits of the result schema; exceeding them would turn a good answer into a dead letter at the coordinator.
const MAX_BASIS = 200;
const MAX_NOTE = 2000;
const MAX_MESSAGE = 2000;
const MAX_CODE = 100;

/**
 * Folds the reports of a service's handlers (one per store) into one outcome: any failure fails the whole task
 * (retriable only if every failure is), else any retention makes it retained, else deleted if anything was deleted,
 * else not_found. Counts are summed over the handlers that succeeded.
 */
export function aggregateOutcomes(reports: readonly HandlerReport[]): AggregatedOutcome {
  if (reports.length === 0)
    throw new RangeError('aggregateOutcomes: at least one handler report is required');
  const recordsAffected = reports.reduce(
    (sum, report) => sum + ('outcome' in report ? report.outcome.recordsAffected : 0),
    0,
  );

  const failures = reports.flatMap((report) =>
    'error' in report ? [{ handler: report.handler, ...report.error }] : [],
  );
  if (failures.length > 0) {
    const [only] = failures;
    const error: ErasureError =
      failures.length === 1
        ? { code: only.code, message: `${only.handler}: ${only.message}`, retriable: only.retriable }
        : {
            code: ErasureHandlerErrorCode.MultipleHandlersFailed,
            message: failures.map((f) => `${f.handler}: [${f.code}] ${f.message}`).join('; '),
            retriable: failures.every((f) => f.retriable),
          };
    return { outcome: 'failed', recordsAffected, error: boundError(error) };
  }

  const outcomes = reports.flatMap((report) =>
    'outcome' in report ? [{ handler: report.handler, ...report.outcome }] : [],
  );
  const retentions = outcomes.flatMap((o) => (o.kind === 'retained' ? [o] : []));
  if (retentions.length > 0) {
    const basis = [...new Set(retentions.map((r) => r.basis))].join('; ');
    const notes = retentions.flatMap((r) =>
      r.note === undefined ? [] : [retentions.length === 1 ? r.note : `${r.handler}: ${r.note}`],
    );
    const retention: RetentionInfo = { basis: truncate(basis, MAX_BASIS) };
    if (notes.length > 0) retention.note = truncate(notes.join('; '), MAX_NOTE);
    return { outcome: 'retained', recordsAffected, retention };
  }

  return { outcome: outcomes.some((o) => o.kind === 'deleted') ? 'deleted' : 'not_found', recordsAffected };
}

function boundError(error: ErasureError): ErasureError {
  return {
    code: truncate(error.code || ErasureHandlerErrorCode.HandlerFailed, MAX_CODE),
    message: truncate(error.message || 'handler failed', MAX_MESSAGE),
    retriable: error.retriable,
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
