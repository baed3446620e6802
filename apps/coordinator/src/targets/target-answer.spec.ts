import { parseErasureResult } from '@lethe/deletion-sdk/protocol';
import { failure, httpFailure, parseTargetAnswer, TargetAnswer, toErasureResult } from './target-answer';

describe('target-answer', () => {
  const now = new Date('2027-03-01T12:00:00Z');
  const parse = (body: unknown) => parseTargetAnswer(body, now, 60_000);

  describe(parseTargetAnswer.name, () => {
    it('reads each immediate outcome', () => {
      expect(parse({ status: 'deleted', recordsAffected: 3 })).toEqual({
        kind: 'outcome',
        outcome: 'deleted',
        recordsAffected: 3,
      });
      expect(parse({ status: 'not_found' })).toEqual({
        kind: 'outcome',
        outcome: 'not_found',
        recordsAffected: 0,
      });
      expect(
        parse({ status: 'retained', recordsAffected: 1, retention: { basis: 'tax', note: '10 years' } }),
      ).toEqual({
        kind: 'outcome',
        outcome: 'retained',
        recordsAffected: 1,
        retention: { basis: 'tax', note: '10 years' },
      });
      expect(parse({ status: 'failed', error: { code: 'DB', message: 'down', retriable: false } })).toEqual({
        kind: 'outcome',
        outcome: 'failed',
        recordsAffected: 0,
        error: { code: 'DB', message: 'down', retriable: false },
      });
    });

    it('gives a failure without details a retriable error of its own', () => {
      expect(parse({ status: 'failed' })).toMatchObject({
        error: { code: 'TARGET_FAILED', retriable: true },
      });
    });

    it('reads accepted with its expected time and status URL, or the registered wait', () => {
      expect(
        parse({
          status: 'accepted',
          expectedCompletionAt: '2027-03-02T00:00:00Z',
          statusUrl: 'https://v.example/s/1',
        }),
      ).toEqual({
        kind: 'accepted',
        expectedAt: new Date('2027-03-02T00:00:00Z'),
        statusUrl: 'https://v.example/s/1',
      });
      expect(parse({ status: 'accepted' })).toEqual({
        kind: 'accepted',
        expectedAt: new Date(now.getTime() + 60_000),
        statusUrl: null,
      });
    });

    it.each([
      [null, 'the answer is not a JSON object'],
      [[], 'the answer is not a JSON object'],
      [{ status: 'done' }, 'status must be one of deleted, not_found, retained, failed, accepted'],
      [{ status: 'deleted', recordsAffected: -1 }, 'recordsAffected must be a non-negative integer'],
      [{ status: 'deleted', recordsAffected: 1.5 }, 'recordsAffected must be a non-negative integer'],
      [{ status: 'not_found', recordsAffected: 2 }, 'recordsAffected must be 0 when not_found'],
      [{ status: 'retained' }, 'retention {basis, note?} is required when the outcome is retained'],
      [
        { status: 'retained', retention: { basis: '' } },
        'retention {basis, note?} is required when the outcome is retained',
      ],
      [{ status: 'failed', error: { code: 'X' } }, 'error must be {code, message, retriable}'],
      [
        { status: 'accepted', expectedCompletionAt: 'tomorrow' },
        'expectedCompletionAt must be an ISO 8601 date-time',
      ],
      [{ status: 'accepted', statusUrl: 42 }, 'statusUrl must be a URL'],
    ])('refuses %j: %s', (body, reason) => {
      expect(parse(body)).toEqual({ kind: 'invalid', reason });
    });
  });

  describe(httpFailure.name, () => {
    it.each([
      [500, true, 'TARGET_UNREACHABLE'],
      [503, true, 'TARGET_UNREACHABLE'],
      [429, true, 'TARGET_UNREACHABLE'],
      [408, true, 'TARGET_UNREACHABLE'],
      [400, false, 'TARGET_REJECTED'],
      [401, false, 'TARGET_REJECTED'],
      [404, false, 'TARGET_REJECTED'],
    ])('HTTP %d is retriable: %s', (status, retriable, code) => {
      expect(httpFailure(status)).toMatchObject({ outcome: 'failed', error: { code, retriable } });
    });
  });

  describe(toErasureResult.name, () => {
    const task = {
      requestId: '3f1c1d7e-8a2b-4c1d-9e0f-1a2b3c4d5e6f',
      taskId: '4f1c1d7e-8a2b-4c1d-9e0f-1a2b3c4d5e6f',
      service: 'crm-vendor',
      attempt: 2,
    };
    const answers: Extract<TargetAnswer, { kind: 'outcome' }>[] = [
      { kind: 'outcome', outcome: 'deleted', recordsAffected: 4 },
      { kind: 'outcome', outcome: 'not_found', recordsAffected: 0 },
      { kind: 'outcome', outcome: 'retained', recordsAffected: 1, retention: { basis: 'tax' } },
      failure('TARGET_OVERDUE', 'no report by the expected time', false) as Extract<
        TargetAnswer,
        { kind: 'outcome' }
      >,
    ];

    it.each(answers)('builds a protocol-valid result for the current attempt: $outcome', (answer) => {
      const result = toErasureResult(answer, task, 'webhook', '5f1c1d7e-8a2b-4c1d-9e0f-1a2b3c4d5e6f', now);
      expect(parseErasureResult(result)).toEqual(result);
      expect(result).toMatchObject({
        attempt: 2,
        service: 'crm-vendor',
        sdkVersion: 'webhook',
        outcome: answer.outcome,
      });
    });
  });
});
