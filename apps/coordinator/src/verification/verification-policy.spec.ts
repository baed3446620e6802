import {
  acceptsVerdict,
  isVerifiableTask,
  isVerificationDue,
  overallVerificationStatus,
  verificationCutoff,
} from './verification-policy';

const HOUR = 3_600_000;
const completedAt = new Date('2025-03-01T10:00:00Z');
const completed = { status: 'completed', completedAt, dryRun: false, verificationScheduledAt: null };

describe('verification policy', () => {
  it('is due exactly LETHE_VERIFY_AFTER_MS after completion, once, and never for dry runs or open requests', () => {
    expect(isVerificationDue(completed, HOUR, new Date(completedAt.getTime() + HOUR - 1))).toBe(false);
    expect(isVerificationDue(completed, HOUR, new Date(completedAt.getTime() + HOUR))).toBe(true);
    expect(isVerificationDue({ ...completed, dryRun: true }, HOUR, new Date('2030-01-01'))).toBe(false);
    expect(isVerificationDue({ ...completed, status: 'cancelled' }, HOUR, new Date('2030-01-01'))).toBe(
      false,
    );
    expect(
      isVerificationDue({ ...completed, verificationScheduledAt: completedAt }, 0, new Date('2030-01-01')),
    ).toBe(false);
    expect(verificationCutoff(new Date(completedAt.getTime() + HOUR), HOUR)).toEqual(completedAt);
  });

  it('verifies only tasks that reported the data gone, on SDK services', () => {
    expect(isVerifiableTask('deleted', 'sdk')).toBe(true);
    expect(isVerifiableTask('not_found', null)).toBe(true);
    expect(isVerifiableTask('retained', 'sdk')).toBe(false);
    expect(isVerifiableTask('deleted', 'manual')).toBe(false);
    expect(isVerifiableTask('deleted', 'webhook')).toBe(false);
  });

  it('records a verdict only once', () => {
    expect(acceptsVerdict('sent')).toBe(true);
    expect(acceptsVerdict('pending')).toBe(true);
    expect(acceptsVerdict('present')).toBe(false);
    expect(acceptsVerdict('absent')).toBe(false);
  });

  it('sums up the services: a finding wins, then waiting, then a failure', () => {
    expect(overallVerificationStatus([])).toBe('not_scheduled');
    expect(overallVerificationStatus(['absent', 'sent'])).toBe('pending');
    expect(overallVerificationStatus(['sent', 'present'])).toBe('present');
    expect(overallVerificationStatus(['absent', 'failed'])).toBe('failed');
    expect(overallVerificationStatus(['absent', 'absent'])).toBe('absent');
  });
});
