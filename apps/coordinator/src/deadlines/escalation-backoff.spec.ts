import { escalationRetryDelayMs } from './escalation-backoff';

describe(escalationRetryDelayMs.name, () => {
  const noJitter = () => 0;

  it('doubles from the base after each failure', () => {
    expect([1, 2, 3, 4].map((n) => escalationRetryDelayMs(n, 1000, 60_000, noJitter))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
  });

  it('caps the delay, however many failures (no overflow past 2^40)', () => {
    expect(escalationRetryDelayMs(7, 1000, 30_000, noJitter)).toBe(30_000);
    expect(escalationRetryDelayMs(10_000, 1000, 30_000, noJitter)).toBe(30_000);
  });

  it('takes at most 20% off at random, and never less than 1 ms', () => {
    expect(escalationRetryDelayMs(1, 1000, 60_000, () => 1)).toBe(800);
    expect(escalationRetryDelayMs(1, 1000, 60_000, () => 0.5)).toBe(900);
    expect(escalationRetryDelayMs(1, 1, 1, () => 1)).toBe(1);
  });

  it('treats a first delivery (0 failures) like the first retry', () => {
    expect(escalationRetryDelayMs(0, 500, 60_000, noJitter)).toBe(500);
  });
});
