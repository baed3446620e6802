import { Regulation, REGULATIONS } from './deadline-policy';
import { CCPA_MAX_EXTENSION_DAYS, checkExtension, ExtensionRequest } from './extension-policy';

const utc = (iso: string) => new Date(iso);
const DAY_MS = 86_400_000;

const extension = (overrides: Partial<ExtensionRequest> = {}): ExtensionRequest => {
  const initialDueAt = overrides.initialDueAt ?? utc('2028-01-31T09:30:00.000Z');
  return {
    regulation: 'gdpr',
    initialDueAt,
    currentDueAt: initialDueAt,
    alreadyExtended: false,
    days: 30,
    reason: 'the controller holds the data in twelve systems, two of them archived',
    ...overrides,
  };
};

/** The new due date of an allowed extension, or a failed expectation. */
const allowedDueAt = (request: ExtensionRequest): string => {
  const verdict = checkExtension(request);
  if (!verdict.allowed) throw new Error(`expected the extension to be allowed, but: ${verdict.reason}`);
  return verdict.newDueAt.toISOString();
};

describe('extension-policy', () => {
  describe(checkExtension.name, () => {
    describe('GDPR: once, by up to two further months after the initial due date', () => {
      it.each([
        [
          '31 Jan 2028 → 31 Mar 2028 (leap February)',
          '2028-01-31T09:30:00.000Z',
          60,
          '2028-03-31T09:30:00.000Z',
        ],
        [
          '31 Jan 2027 → 31 Mar 2027 (common February)',
          '2027-01-31T09:30:00.000Z',
          59,
          '2027-03-31T09:30:00.000Z',
        ],
        ['28 Feb 2027 → 28 Apr 2027, not 30 Apr', '2027-02-28T09:30:00.000Z', 59, '2027-04-28T09:30:00.000Z'],
        ['29 Feb 2028 → 29 Apr 2028', '2028-02-29T09:30:00.000Z', 60, '2028-04-29T09:30:00.000Z'],
        ['31 Dec 2027 → 29 Feb 2028 (leap)', '2027-12-31T09:30:00.000Z', 60, '2028-02-29T09:30:00.000Z'],
        ['31 Dec 2028 → 28 Feb 2029 (common)', '2028-12-31T09:30:00.000Z', 59, '2029-02-28T09:30:00.000Z'],
        ['30 Dec 2027 → 29 Feb 2028', '2027-12-30T09:30:00.000Z', 61, '2028-02-29T09:30:00.000Z'],
        ['31 Jul 2027 → 30 Sep 2027', '2027-07-31T09:30:00.000Z', 61, '2027-09-30T09:30:00.000Z'],
        ['31 Aug 2027 → 31 Oct 2027', '2027-08-31T09:30:00.000Z', 61, '2027-10-31T09:30:00.000Z'],
        ['30 Nov 2027 → 30 Jan 2028', '2027-11-30T09:30:00.000Z', 61, '2028-01-30T09:30:00.000Z'],
        ['15 Jun 2027 → 15 Aug 2027', '2027-06-15T09:30:00.000Z', 61, '2027-08-15T09:30:00.000Z'],
      ])('initial due %s: %i days reach the limit exactly', (_case, initialDueAt, days, limit) => {
        expect(allowedDueAt(extension({ initialDueAt: utc(initialDueAt), days }))).toBe(limit);
      });

      it.each([
        ['31 Jan 2028', '2028-01-31T09:30:00.000Z', 61, '2028-03-31T09:30:00.000Z'],
        ['31 Jan 2027', '2027-01-31T09:30:00.000Z', 60, '2027-03-31T09:30:00.000Z'],
        ['28 Feb 2027', '2027-02-28T09:30:00.000Z', 60, '2027-04-28T09:30:00.000Z'],
        ['31 Dec 2027', '2027-12-31T09:30:00.000Z', 61, '2028-02-29T09:30:00.000Z'],
        ['31 Dec 2028', '2028-12-31T09:30:00.000Z', 60, '2029-02-28T09:30:00.000Z'],
        ['30 Nov 2027', '2027-11-30T09:30:00.000Z', 62, '2028-01-30T09:30:00.000Z'],
      ])(
        'initial due %s: %i days overshoot by one day and are refused, naming the latest due date',
        (_case, initialDueAt, days, limit) => {
          expect(checkExtension(extension({ initialDueAt: utc(initialDueAt), days }))).toEqual({
            allowed: false,
            reason: `GDPR allows at most two further months: the latest due date is ${limit}`,
          });
        },
      );

      it.each([1, 7, 30, 45])('allows a shorter extension of %i days', (days) => {
        const initialDueAt = utc('2027-06-15T09:30:00.000Z');
        expect(allowedDueAt(extension({ initialDueAt, days }))).toBe(
          new Date(initialDueAt.getTime() + days * DAY_MS).toISOString(),
        );
      });

      it('compares instants: the limit keeps the time of day of the initial due date', () => {
        const initialDueAt = utc('2028-01-31T23:59:59.999Z');
        expect(allowedDueAt(extension({ initialDueAt, days: 60 }))).toBe('2028-03-31T23:59:59.999Z');
        expect(checkExtension(extension({ initialDueAt, days: 61 })).allowed).toBe(false);
      });

      it('counts the limit from the initial due date and the new date from the current one', () => {
        // were the limit counted from the current due date, 60 days would fit (10 Feb + 2 months = 10 Apr)
        const request = extension({
          initialDueAt: utc('2028-01-31T09:30:00.000Z'),
          currentDueAt: utc('2028-02-10T09:30:00.000Z'),
        });
        expect(allowedDueAt({ ...request, days: 50 })).toBe('2028-03-31T09:30:00.000Z');
        expect(checkExtension({ ...request, days: 51 })).toEqual({
          allowed: false,
          reason: 'GDPR allows at most two further months: the latest due date is 2028-03-31T09:30:00.000Z',
        });
      });
    });

    describe('CCPA: once, by up to 45 further days', () => {
      const ccpa = (overrides: Partial<ExtensionRequest> = {}) =>
        extension({ regulation: 'ccpa', initialDueAt: utc('2027-03-01T09:30:00.000Z'), ...overrides });

      it('allows at most 45 days', () => {
        expect(CCPA_MAX_EXTENSION_DAYS).toBe(45);
      });

      it.each([
        [1, '2027-03-02T09:30:00.000Z'],
        [30, '2027-03-31T09:30:00.000Z'],
        [45, '2027-04-15T09:30:00.000Z'],
      ])('allows %i days, counted from the current due date', (days, dueAt) => {
        expect(allowedDueAt(ccpa({ days }))).toBe(dueAt);
      });

      it('allows 45 days across a leap February', () => {
        expect(allowedDueAt(ccpa({ initialDueAt: utc('2028-02-10T00:00:00.000Z'), days: 45 }))).toBe(
          '2028-03-26T00:00:00.000Z',
        );
      });

      it.each([46, 60, 365])('refuses %i days, naming the limit', (days) => {
        expect(checkExtension(ccpa({ days }))).toEqual({
          allowed: false,
          reason: 'CCPA allows at most 45 further days',
        });
      });

      it('counts 45 days from the current due date, not the initial one', () => {
        const request = ccpa({ currentDueAt: utc('2027-03-11T09:30:00.000Z') });
        expect(allowedDueAt({ ...request, days: 45 })).toBe('2027-04-25T09:30:00.000Z');
      });
    });

    it.each<[Regulation, string]>([
      ['gdpr', 'a GDPR deadline can be extended only once'],
      ['ccpa', 'a CCPA deadline can be extended only once'],
    ])('refuses a second %s extension, even a short one', (regulation, reason) => {
      expect(checkExtension(extension({ regulation, alreadyExtended: true, days: 1 }))).toEqual({
        allowed: false,
        reason,
      });
    });

    it.each(
      REGULATIONS.flatMap((regulation) =>
        [0, -1, -45, 1.5, 0.5, Number.NaN, Infinity].map((days) => ({ regulation, days })),
      ),
    )('refuses $days days under $regulation', ({ regulation, days }) => {
      expect(checkExtension(extension({ regulation, days }))).toEqual({
        allowed: false,
        reason: 'days must be a whole number of at least 1',
      });
    });

    it.each(
      REGULATIONS.flatMap((regulation) =>
        ['', ' ', '   ', '\t\n '].map((reason) => ({ regulation, reason })),
      ),
    )('refuses a blank reason under $regulation ($reason)', ({ regulation, reason }) => {
      expect(checkExtension(extension({ regulation, reason, days: 10 }))).toEqual({
        allowed: false,
        reason: 'an extension needs a reason, which is recorded and owed to the data subject',
      });
    });

    it.each(REGULATIONS)('accepts a reason with surrounding whitespace under %s', (regulation) => {
      expect(
        checkExtension(extension({ regulation, reason: '  backlog after a migration \n', days: 10 })).allowed,
      ).toBe(true);
    });

    it('reports the first problem: a second extension before bad days before a blank reason', () => {
      expect(checkExtension(extension({ alreadyExtended: true, days: 0, reason: ' ' }))).toEqual({
        allowed: false,
        reason: 'a GDPR deadline can be extended only once',
      });
      expect(checkExtension(extension({ days: 0, reason: ' ' }))).toEqual({
        allowed: false,
        reason: 'days must be a whole number of at least 1',
      });
    });

    it('does not modify the dates it is given', () => {
      const request = extension({ days: 60 });
      checkExtension(request);
      expect(request.initialDueAt.toISOString()).toBe('2028-01-31T09:30:00.000Z');
      expect(request.currentDueAt.toISOString()).toBe('2028-01-31T09:30:00.000Z');
    });
  });
});
