import { isOpenDsrStatus } from '../opendsr/opendsr-status';
import { failure, ParsedAnswer } from './target-answer';
import { TargetFailureCode } from './target-kinds';

/**
 * Pure: an OpenDSR processor's status (in a status callback or a status response) as a target answer. OpenDSR
 * reports no record counts, so `completed` is recorded as deleted with 0 records; `cancelled` (the processor
 * dropped the request) needs an operator. A creation receipt counts as pending.
 */
export function openDsrAnswer(
  body: unknown,
  now: Date,
  defaultWaitMs: number,
  statusUrl: string,
): ParsedAnswer {
  if (typeof body !== 'object' || body === null)
    return { kind: 'invalid', reason: 'the body is not a JSON object' };
  const fields = body as Record<string, unknown>;
  const expected = fields.expected_completion_time;
  // a creation receipt (spec §7.3) carries no status: the processor has the request, pending
  const receipt = fields.request_status === undefined && typeof fields.subject_request_id === 'string';
  const status = receipt ? 'pending' : fields.request_status;
  if (!isOpenDsrStatus(status)) return { kind: 'invalid', reason: 'request_status is not an OpenDSR status' };
  switch (status) {
    case 'completed':
      return { kind: 'outcome', outcome: 'deleted', recordsAffected: 0 };
    case 'cancelled':
      return failure(TargetFailureCode.Cancelled, 'the OpenDSR processor cancelled the request', false);
    case 'pending':
    case 'in_progress': {
      const at = typeof expected === 'string' ? new Date(expected) : undefined;
      const expectedAt = at && !Number.isNaN(at.getTime()) ? at : new Date(now.getTime() + defaultWaitMs);
      return { kind: 'accepted', expectedAt, statusUrl };
    }
  }
}
