import { backoffDelayMs, DEFAULT_LOCAL_RETRY, realSleep, resolveLocalRetry } from './local-retry';

describe('local retry', () => {
  describe(resolveLocalRetry.name, () => {
    it('defaults to 3 tries starting at 200 ms, capped at 5 s', () => {
      expect(resolveLocalRetry()).toEqual({ attempts: 3, baseDelayMs: 200, maxDelayMs: 5_000 });
      expect(resolveLocalRetry({ attempts: undefined })).toEqual(DEFAULT_LOCAL_RETRY);
    });

    it('overrides only what is given', () => {
      expect(resolveLocalRetry({ attempts: 1 })).toEqual({
        attempts: 1,
        baseDelayMs: 200,
        maxDelayMs: 5_000,
      });
    });

    it.each([
      [{ attempts: 0 }, 'localRetry.attempts'],
      [{ attempts: 21 }, 'localRetry.attempts'],
      [{ attempts: 2.5 }, 'localRetry.attempts'],
      [{ baseDelayMs: -1 }, 'localRetry.baseDelayMs'],
      [{ maxDelayMs: Number.NaN }, 'localRetry.maxDelayMs'],
    ])('rejects %p', (options, name) => {
      expect(() => resolveLocalRetry(options)).toThrow(name);
    });
  });

  describe(backoffDelayMs.name, () => {
    const policy = { attempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 };

    it('doubles from the base delay and stops at the cap', () => {
      expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(retry, policy))).toEqual([
        100, 200, 400, 800, 1_000, 1_000,
      ]);
    });

    it('allows a zero base delay', () => {
      expect(backoffDelayMs(3, { ...policy, baseDelayMs: 0 })).toBe(0);
    });

    it.each([0, -1, 1.5])('rejects retry number %p', (retry) => {
      expect(() => backoffDelayMs(retry, policy)).toThrow(RangeError);
    });
  });

  describe('realSleep', () => {
    it('waits on a timer', async () => {
      jest.useFakeTimers();
      try {
        let done = false;
        const sleeping = realSleep(1_000).then(() => {
          done = true;
        });
        await jest.advanceTimersByTimeAsync(999);
        expect(done).toBe(false);
        await jest.advanceTimersByTimeAsync(1);
        await sleeping;
        expect(done).toBe(true);
      } finally {
        jest.useRealTimers();
      }
    });
  });
});
