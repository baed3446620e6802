import {
  backoffDelayMs,
  decideAfterFailure,
  DEFAULT_RETRY_POLICY,
  RetryPolicy,
  validateRetryPolicy,
} from './retry-policy';

const policy = (overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({
  ...DEFAULT_RETRY_POLICY,
  ...overrides,
});

/** A `random()` that always returns `value`. */
const always = (value: number) => () => value;

/** The largest value Math.random() can return. */
const ALMOST_ONE = 1 - Number.EPSILON;

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

describe('retry-policy', () => {
  describe(validateRetryPolicy.name, () => {
    it('accepts the defaults', () => {
      expect(validateRetryPolicy(DEFAULT_RETRY_POLICY)).toEqual([]);
    });

    it('freezes the defaults so no caller can change them for everyone', () => {
      expect(Object.isFrozen(DEFAULT_RETRY_POLICY)).toBe(true);
    });

    it.each<[string, Partial<RetryPolicy>]>([
      ['the smallest durations', { ackTimeoutMs: 1, baseDelayMs: 1, maxDelayMs: 1 }],
      ['maxDelayMs equal to baseDelayMs', { baseDelayMs: 5_000, maxDelayMs: 5_000 }],
      ['a single attempt', { maxAttempts: 1 }],
      ['no jitter', { jitter: 0 }],
      ['full jitter', { jitter: 1 }],
    ])('accepts %s', (_case, overrides) => {
      expect(validateRetryPolicy(policy(overrides))).toEqual([]);
    });

    it.each<[string, Partial<RetryPolicy>, string]>([
      ['ackTimeoutMs of 0', { ackTimeoutMs: 0 }, 'ackTimeoutMs must be at least 1 ms'],
      ['a negative ackTimeoutMs', { ackTimeoutMs: -1 }, 'ackTimeoutMs must be at least 1 ms'],
      ['a NaN ackTimeoutMs', { ackTimeoutMs: Number.NaN }, 'ackTimeoutMs must be at least 1 ms'],
      ['baseDelayMs of 0', { baseDelayMs: 0 }, 'baseDelayMs must be at least 1 ms'],
      ['a fractional baseDelayMs below 1', { baseDelayMs: 0.5 }, 'baseDelayMs must be at least 1 ms'],
      [
        'maxDelayMs below baseDelayMs',
        { baseDelayMs: 5_000, maxDelayMs: 4_999 },
        'maxDelayMs must be at least baseDelayMs',
      ],
      ['a NaN maxDelayMs', { maxDelayMs: Number.NaN }, 'maxDelayMs must be at least baseDelayMs'],
      ['maxAttempts of 0', { maxAttempts: 0 }, 'maxAttempts must be a positive integer'],
      ['a negative maxAttempts', { maxAttempts: -3 }, 'maxAttempts must be a positive integer'],
      ['a fractional maxAttempts', { maxAttempts: 2.5 }, 'maxAttempts must be a positive integer'],
      ['an infinite maxAttempts', { maxAttempts: Infinity }, 'maxAttempts must be a positive integer'],
      ['a NaN maxAttempts', { maxAttempts: Number.NaN }, 'maxAttempts must be a positive integer'],
      ['a negative jitter', { jitter: -0.01 }, 'jitter must be between 0 and 1'],
      ['a jitter above 1', { jitter: 1.01 }, 'jitter must be between 0 and 1'],
      ['a NaN jitter', { jitter: Number.NaN }, 'jitter must be between 0 and 1'],
    ])('rejects %s', (_case, overrides, problem) => {
      expect(validateRetryPolicy(policy(overrides))).toEqual([problem]);
    });

    it('reports every problem at once, in a stable order', () => {
      expect(
        validateRetryPolicy({ ackTimeoutMs: 0, baseDelayMs: 0, maxDelayMs: -1, maxAttempts: 0, jitter: 2 }),
      ).toEqual([
        'ackTimeoutMs must be at least 1 ms',
        'baseDelayMs must be at least 1 ms',
        'maxDelayMs must be at least baseDelayMs',
        'maxAttempts must be a positive integer',
        'jitter must be between 0 and 1',
      ]);
    });

    it('reports two unrelated problems without the others', () => {
      expect(validateRetryPolicy(policy({ ackTimeoutMs: 0, jitter: -1 }))).toEqual([
        'ackTimeoutMs must be at least 1 ms',
        'jitter must be between 0 and 1',
      ]);
    });
  });

  describe(backoffDelayMs.name, () => {
    const steady = policy({ baseDelayMs: SECOND, maxDelayMs: MINUTE, jitter: 0 });

    it.each([
      [2, SECOND],
      [3, 2 * SECOND],
      [4, 4 * SECOND],
      [5, 8 * SECOND],
      [6, 16 * SECOND],
      [7, 32 * SECOND],
    ])('doubles from the base: before attempt %i waits %i ms', (nextAttempt, expected) => {
      expect(backoffDelayMs(nextAttempt, steady, always(0.5))).toBe(expected);
    });

    it.each([8, 9, 20, 1_100, 100_000])('caps the delay before attempt %i at maxDelayMs', (nextAttempt) => {
      expect(backoffDelayMs(nextAttempt, steady, always(0.5))).toBe(MINUTE);
    });

    it.each([1, 0, -5])('never goes below the base delay (attempt %i)', (nextAttempt) => {
      expect(backoffDelayMs(nextAttempt, steady, always(0.5))).toBe(SECOND);
    });

    it('caps even the first retry when maxDelayMs equals baseDelayMs', () => {
      const flat = policy({ baseDelayMs: 7 * SECOND, maxDelayMs: 7 * SECOND, jitter: 0 });
      expect([2, 3, 10].map((attempt) => backoffDelayMs(attempt, flat, always(0.5)))).toEqual([
        7 * SECOND,
        7 * SECOND,
        7 * SECOND,
      ]);
    });

    it('follows the default policy: 30 s, 1 min, 2 min, … capped at 6 h', () => {
      const noJitter = policy({ jitter: 0 });
      expect([2, 3, 4, 5, 10, 11, 12].map((attempt) => backoffDelayMs(attempt, noJitter))).toEqual([
        30 * SECOND,
        MINUTE,
        2 * MINUTE,
        4 * MINUTE,
        128 * MINUTE,
        256 * MINUTE,
        360 * MINUTE,
      ]);
    });

    it.each([0, 0.25, 0.5, ALMOST_ONE])('is deterministic without jitter (random() = %d)', (value) => {
      expect(backoffDelayMs(4, steady, always(value))).toBe(4 * SECOND);
    });

    describe('with full jitter', () => {
      const full = policy({ baseDelayMs: SECOND, maxDelayMs: MINUTE, jitter: 1 });

      it.each([
        [0, 0],
        [0.25, SECOND],
        [0.5, 2 * SECOND],
        [0.75, 3 * SECOND],
        [ALMOST_ONE, 4 * SECOND],
      ])('spreads over the whole range: random() = %d → %i ms', (value, expected) => {
        expect(backoffDelayMs(4, full, always(value))).toBe(expected);
      });

      it('spreads a capped delay over the whole cap', () => {
        expect(backoffDelayMs(30, full, always(0))).toBe(0);
        expect(backoffDelayMs(30, full, always(0.5))).toBe(MINUTE / 2);
        expect(backoffDelayMs(30, full, always(ALMOST_ONE))).toBe(MINUTE);
      });
    });

    describe('with partial jitter', () => {
      it.each([
        [0.5, 0, 2 * SECOND],
        [0.5, ALMOST_ONE, 4 * SECOND],
        [0.25, 0, 3 * SECOND],
        [0.25, ALMOST_ONE, 4 * SECOND],
        [0.25, 0.5, 3.5 * SECOND],
      ])('randomises only its share: jitter %d, random() = %d → %i ms', (jitter, value, expected) => {
        expect(
          backoffDelayMs(4, policy({ baseDelayMs: SECOND, maxDelayMs: MINUTE, jitter }), always(value)),
        ).toBe(expected);
      });
    });

    it('always returns a whole, non-negative number of milliseconds within the ceiling', () => {
      const randoms = [0, 0.1, 0.123456, 1 / 3, 0.5, 0.77, 0.999, ALMOST_ONE];
      for (const jitter of [0, 0.1, 0.37, 0.5, 1]) {
        const odd = policy({ baseDelayMs: 999, maxDelayMs: 123_457, jitter });
        for (const nextAttempt of [2, 3, 5, 8, 9, 40]) {
          const ceiling = Math.min(odd.maxDelayMs, odd.baseDelayMs * 2 ** (nextAttempt - 2));
          for (const value of randoms) {
            const delay = backoffDelayMs(nextAttempt, odd, always(value));
            expect(Number.isInteger(delay)).toBe(true);
            expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling * (1 - jitter)));
            expect(delay).toBeLessThanOrEqual(ceiling);
          }
        }
      }
    });

    it('uses Math.random by default and stays within the jittered range', () => {
      const half = policy({ baseDelayMs: SECOND, maxDelayMs: MINUTE, jitter: 0.5 });
      for (let i = 0; i < 200; i += 1) {
        const delay = backoffDelayMs(3, half);
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(SECOND);
        expect(delay).toBeLessThanOrEqual(2 * SECOND);
      }
    });
  });

  describe(decideAfterFailure.name, () => {
    const three = policy({ baseDelayMs: SECOND, maxDelayMs: MINUTE, maxAttempts: 3, jitter: 0.5 });

    it.each([
      ['on the first attempt', 1, 0],
      ['with budget left after an operator retry', 5, 4],
      ['after the budget is already spent', 3, 0],
      ['far past the budget', 50, 0],
    ])('gives up at once on a permanent failure (%s)', (_case, attempt, budgetBase) => {
      expect(decideAfterFailure(attempt, budgetBase, false, three, always(0))).toEqual({
        kind: 'give_up',
        reason: 'permanent',
      });
    });

    it.each([
      [1, 0, 'retry'],
      [2, 0, 'retry'],
      [3, 0, 'give_up'],
      [4, 0, 'give_up'],
      // an operator retry after attempt 3 granted a fresh budget of three dispatches: 4, 5 and 6
      [4, 3, 'retry'],
      [5, 3, 'retry'],
      [6, 3, 'give_up'],
      [7, 3, 'give_up'],
    ] as const)(
      'counts the budget from budgetBase: attempt %i with base %i → %s',
      (attempt, budgetBase, kind) => {
        expect(decideAfterFailure(attempt, budgetBase, true, three, always(0)).kind).toBe(kind);
      },
    );

    it('gives up exactly when the budget is spent, with the reason', () => {
      expect(decideAfterFailure(3, 0, true, three, always(0))).toEqual({
        kind: 'give_up',
        reason: 'budget_exhausted',
      });
      expect(decideAfterFailure(2, 0, true, three, always(0)).kind).toBe('retry');
    });

    it('gives up after the first failure when only one attempt is allowed', () => {
      expect(decideAfterFailure(1, 0, true, policy({ maxAttempts: 1 }), always(0))).toEqual({
        kind: 'give_up',
        reason: 'budget_exhausted',
      });
    });

    it.each([
      [1, 0, 0, 2, 500],
      [1, 0, ALMOST_ONE, 2, SECOND],
      [2, 0, 0.5, 3, 1_500],
      [4, 3, 0, 5, 4 * SECOND],
      [5, 3, 0.25, 6, 10 * SECOND],
    ])(
      'retries attempt %i (base %i, random() = %d) as attempt %i after %i ms',
      (attempt, budgetBase, value, nextAttempt, delayMs) => {
        expect(decideAfterFailure(attempt, budgetBase, true, three, always(value))).toEqual({
          kind: 'retry',
          nextAttempt,
          delayMs,
        });
      },
    );

    it('takes its delay from backoffDelayMs for the next attempt, with the same random source', () => {
      const values = [0.1, 0.9, 0.42];
      for (const value of values) {
        const decision = decideAfterFailure(2, 0, true, DEFAULT_RETRY_POLICY, always(value));
        expect(decision).toEqual({
          kind: 'retry',
          nextAttempt: 3,
          delayMs: backoffDelayMs(3, DEFAULT_RETRY_POLICY, always(value)),
        });
      }
    });

    it('allows exactly maxAttempts dispatches under the default policy', () => {
      let attempt = 1;
      let decision = decideAfterFailure(attempt, 0, true, DEFAULT_RETRY_POLICY, always(0.5));
      while (decision.kind === 'retry') {
        expect(decision.nextAttempt).toBe(attempt + 1);
        attempt = decision.nextAttempt;
        decision = decideAfterFailure(attempt, 0, true, DEFAULT_RETRY_POLICY, always(0.5));
      }
      expect(attempt).toBe(DEFAULT_RETRY_POLICY.maxAttempts);
      expect(decision).toEqual({ kind: 'give_up', reason: 'budget_exhausted' });
    });
  });
});
