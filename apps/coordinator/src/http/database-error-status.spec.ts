import { badInputStatus } from './database-error-status';

describe(badInputStatus.name, () => {
  it.each(['22P02', '22P05', '22021', '22003', '22001', '22007', '22008'])('maps %s to 400', (code) => {
    expect(badInputStatus(code)?.status).toBe(400);
  });

  it('maps a unique violation to 409', () => {
    expect(badInputStatus('23505')).toEqual({ status: 409, reason: expect.stringContaining('duplicate') });
  });

  it('leaves errors that are not the caller’s fault unmapped (they stay 500)', () => {
    for (const code of [undefined, '', '08006', '40001', '40P01', '42P01', '53300', '57014', 'XX000']) {
      expect(badInputStatus(code)).toBeUndefined();
    }
  });
});
