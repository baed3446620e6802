import { classifyApplyFailure, pauseAfterFailure } from './apply-failure';

const pgError = (code: string) =>
  Object.assign(new Error('value "secret@example.org" out of range'), { code });

describe(classifyApplyFailure.name, () => {
  it.each(['22003', '22P02', '22P05', '54000', '23502', '23514'])(
    'calls SQLSTATE %s permanent, naming only the code',
    (code) => {
      const failure = classifyApplyFailure(pgError(code));
      expect(failure).toEqual({
        permanent: true,
        reason: `PostgreSQL refused the values (SQLSTATE ${code})`,
      });
      expect(failure.reason).not.toContain('example.org');
    },
  );

  it.each(['23505', '23503', '40001', '40P01', '57P01', '57014', '08006', '53300'])(
    'retries SQLSTATE %s (a race, a restart, a timeout or a lost connection)',
    (code) => {
      expect(classifyApplyFailure(pgError(code)).permanent).toBe(false);
    },
  );

  it('retries a connection refused, an unknown error and a thrown non-error, without quoting their messages', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(classifyApplyFailure(refused)).toEqual({ permanent: false, reason: 'Error (ECONNREFUSED)' });
    expect(classifyApplyFailure(new TypeError('x is undefined'))).toEqual({
      permanent: false,
      reason: 'TypeError',
    });
    expect(classifyApplyFailure('boom')).toEqual({ permanent: false, reason: 'string' });
    expect(classifyApplyFailure(null)).toEqual({ permanent: false, reason: 'object' });
  });
});

describe(pauseAfterFailure.name, () => {
  it('doubles from half a second and stops at thirty seconds', () => {
    expect([1, 2, 3, 4, 7, 8, 100].map((n) => pauseAfterFailure(n))).toEqual([
      500, 1000, 2000, 4000, 30_000, 30_000, 30_000,
    ]);
    expect(pauseAfterFailure(0)).toBe(500);
  });
});
