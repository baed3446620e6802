import { callbackRetryDelayMs } from './callback-backoff';

describe(callbackRetryDelayMs.name, () => {
  const none = () => 0;

  it('doubles from the base delay with every failed attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => callbackRetryDelayMs(attempt, 1000, 60_000, none))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
  });

  it('never exceeds the maximum', () => {
    expect(callbackRetryDelayMs(40, 1000, 60_000, none)).toBe(60_000);
  });

  it('takes at most a fifth off at random', () => {
    expect(callbackRetryDelayMs(1, 1000, 60_000, () => 0.999)).toBe(800);
    expect(callbackRetryDelayMs(1, 1000, 60_000, () => 0.5)).toBe(900);
  });
});
