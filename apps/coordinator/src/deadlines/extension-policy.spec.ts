import { initialDueDate, Regulation, REGULATIONS } from './deadline-policy';
import {
  CCPA_MAX_DAYS_FROM_RECEIPT,
  CCPA_MAX_EXTENSION_DAYS,
  checkExtension,
  ExtensionRequest,
  extensionNoticeDeadline,
} from './extension-policy';

const at = (iso: string) => new Date(iso);
const MINUTE = 60_000;
const DAY = 86_400_000;
const LA = 'America/Los_Angeles';

/** A first extension, made the day after receipt, of a request whose due date is still the initial one. */
const extension = (overrides: Partial<ExtensionRequest> = {}): ExtensionRequest => {
  const regulation = overrides.regulation ?? 'gdpr';
  const timeZone = overrides.timeZone ?? 'UTC';
  const receivedAt = overrides.receivedAt ?? at('2027-01-31T09:30:00.000Z');
  return {
    regulation,
    receivedAt,
    currentDueAt: initialDueDate(regulation, receivedAt, { timeZone, holidays: [] }),
    alreadyExtended: false,
    days: 30,
    reason: 'the controller holds the data in twelve systems, two of them archived',
    now: new Date(receivedAt.getTime() + DAY),
    timeZone,
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
  describe('GDPR Art. 12(3): by up to two further months, at most three months from receipt', () => {
    it.each([
      ['31 Jan 2027 (due 28 Feb) caps at 30 Apr, not 28 Apr', '2027-01-31T09:30:00.000Z', 61, '2027-04-30'],
      ['31 Jan 2028 (due 29 Feb) caps at 30 Apr', '2028-01-31T09:30:00.000Z', 61, '2028-04-30'],
      ['28 Feb 2027 caps at 28 May', '2027-02-28T09:30:00.000Z', 61, '2027-05-28'],
      ['29 Feb 2028 caps at 29 May', '2028-02-29T09:30:00.000Z', 61, '2028-05-29'],
      ['30 Nov 2027 caps at 29 Feb 2028 (leap)', '2027-11-30T09:30:00.000Z', 61, '2028-02-29'],
      ['30 Nov 2026 caps at 28 Feb 2027 (common)', '2026-11-30T09:30:00.000Z', 60, '2027-02-28'],
      ['31 Dec 2027 caps at 31 Mar 2028, across the year end', '2027-12-31T09:30:00.000Z', 60, '2028-03-31'],
      ['15 Jun 2027 caps at 15 Sep', '2027-06-15T09:30:00.000Z', 62, '2027-09-15'],
    ])('received %s: %i days reach the cap exactly, one more is refused', (_case, receivedAt, days, cap) => {
      const request = extension({ receivedAt: at(receivedAt) });
      expect(allowedDueAt({ ...request, days })).toBe(`${cap}T23:59:59.999Z`);
      expect(checkExtension({ ...request, days: days + 1 })).toEqual({
        allowed: false,
        refusal: 'beyond_limit',
        reason: `GDPR Art. 12(3) allows at most two further months, three from receipt: the latest due date is ${cap}T23:59:59.999Z (UTC)`,
      });
    });

    it('counts the cap in the legal time zone: 20:00 in California on 28 Feb caps at the end of 28 May there', () => {
      const request = extension({ receivedAt: at('2027-03-01T04:00:00.000Z'), timeZone: LA });
      expect(request.currentDueAt.toISOString()).toBe('2027-03-29T06:59:59.999Z');
      expect(allowedDueAt({ ...request, days: 61 })).toBe('2027-05-29T06:59:59.999Z');
      const refused = checkExtension({ ...request, days: 62 });
      expect(refused).toMatchObject({ allowed: false, refusal: 'beyond_limit' });
      expect(!refused.allowed && refused.reason).toContain(
        '2027-05-28T23:59:59.999-07:00 (America/Los_Angeles)',
      );
    });

    it.each([1, 7, 30, 45])('allows a shorter extension of %i days, ending with the local day', (days) => {
      const request = extension({ receivedAt: at('2027-06-15T09:30:00.000Z') });
      expect(allowedDueAt({ ...request, days })).toBe(
        new Date(request.currentDueAt.getTime() + days * DAY).toISOString(),
      );
    });
  });

  describe('CCPA §1798.130(a)(2): by up to 45 further days, at most 90 from receipt', () => {
    const ccpa = (overrides: Partial<ExtensionRequest> = {}) =>
      extension({ regulation: 'ccpa', receivedAt: at('2027-01-15T09:30:00.000Z'), ...overrides });

    it('allows at most 45 further days and 90 in all', () => {
      expect(CCPA_MAX_EXTENSION_DAYS).toBe(45);
      expect(CCPA_MAX_DAYS_FROM_RECEIPT).toBe(90);
    });

    it.each([
      [1, '2027-03-02T23:59:59.999Z'],
      [30, '2027-03-31T23:59:59.999Z'],
      [45, '2027-04-15T23:59:59.999Z'],
    ])('allows %i days, counted from the current due date (1 Mar)', (days, dueAt) => {
      expect(allowedDueAt(ccpa({ days }))).toBe(dueAt);
    });

    it('allows 45 days onto 29 Feb in a leap year', () => {
      expect(allowedDueAt(ccpa({ receivedAt: at('2027-12-01T10:00:00.000Z'), days: 45 }))).toBe(
        '2028-02-29T23:59:59.999Z',
      );
    });

    it('keeps the end of the local day across the US fall-back (due 4 Nov PDT → 19 Dec PST)', () => {
      const request = ccpa({ receivedAt: at('2027-09-20T17:00:00.000Z'), timeZone: LA, days: 45 });
      expect(request.currentDueAt.toISOString()).toBe('2027-11-05T06:59:59.999Z');
      expect(allowedDueAt(request)).toBe('2027-12-20T07:59:59.999Z');
    });

    it.each([46, 60, 365])('refuses %i days, naming the limit', (days) => {
      expect(checkExtension(ccpa({ days }))).toEqual({
        allowed: false,
        refusal: 'beyond_limit',
        reason: 'CCPA §1798.130(a)(2) allows at most 45 further days, 90 from receipt',
      });
    });

    it('keeps 90 days from receipt even when the current due date was moved later some other way', () => {
      const request = ccpa({ currentDueAt: at('2027-03-05T23:59:59.999Z'), days: 45 });
      expect(checkExtension(request)).toEqual({
        allowed: false,
        refusal: 'beyond_limit',
        reason:
          'CCPA regulations §7021(b) allow at most 90 days from receipt: the latest due date is 2027-04-15T23:59:59.999Z (UTC)',
      });
      expect(allowedDueAt({ ...request, days: 41 })).toBe('2027-04-15T23:59:59.999Z');
    });
  });

  describe('only in time: the subject is told within the first period', () => {
    it.each<[string, Regulation, string, string, string]>([
      ['GDPR, one month (UTC)', 'gdpr', 'UTC', '2027-01-31T09:30:00.000Z', '2027-02-28T23:59:59.999Z'],
      ['GDPR, one month in California', 'gdpr', LA, '2027-03-01T04:00:00.000Z', '2027-03-29T06:59:59.999Z'],
      [
        'GDPR, one month ending on 29 Feb 2028',
        'gdpr',
        'UTC',
        '2028-01-31T09:30:00.000Z',
        '2028-02-29T23:59:59.999Z',
      ],
      [
        'GDPR, across the turn of the year',
        'gdpr',
        'Europe/Berlin',
        '2027-12-31T12:00:00.000Z',
        '2028-01-31T22:59:59.999Z',
      ],
      [
        'GDPR, on the EU spring-forward day',
        'gdpr',
        'Europe/Berlin',
        '2027-02-28T12:00:00.000Z',
        '2027-03-28T21:59:59.999Z',
      ],
      ['CCPA, 45 days (UTC)', 'ccpa', 'UTC', '2027-01-15T09:30:00.000Z', '2027-03-01T23:59:59.999Z'],
      [
        'CCPA, 45 days across the US spring-forward',
        'ccpa',
        LA,
        '2027-02-01T18:00:00.000Z',
        '2027-03-19T06:59:59.999Z',
      ],
      [
        'CCPA, 45 days across the US fall-back',
        'ccpa',
        LA,
        '2027-10-01T17:00:00.000Z',
        '2027-11-16T07:59:59.999Z',
      ],
    ])(
      '%s: accepted a minute before the end, refused a minute after',
      (_case, regulation, timeZone, receivedAt, noticeBy) => {
        const request = extension({ regulation, timeZone, receivedAt: at(receivedAt), days: 10 });
        expect(extensionNoticeDeadline(regulation, request.receivedAt, timeZone).toISOString()).toBe(
          noticeBy,
        );
        const limit = Date.parse(noticeBy);
        expect(checkExtension({ ...request, now: new Date(limit - MINUTE) }).allowed).toBe(true);
        expect(checkExtension({ ...request, now: new Date(limit) }).allowed).toBe(true);
        const late = checkExtension({ ...request, now: new Date(limit + MINUTE) });
        expect(late).toMatchObject({ allowed: false, refusal: 'too_late' });
        expect(!late.allowed && late.reason).toContain(
          regulation === 'gdpr' ? 'GDPR Art. 12(3)' : 'CCPA §1798.130(a)(2)',
        );
        expect(!late.allowed && late.reason).toContain(`(${timeZone})`);
      },
    );

    it.each<[Regulation, string]>([
      [
        'gdpr',
        'GDPR Art. 12(3): the data subject must be told of an extension within one month of receipt, which ended at 2027-03-28T23:59:59.999-07:00 (America/Los_Angeles)',
      ],
      [
        'ccpa',
        'CCPA §1798.130(a)(2): notice of an extension must be given within the first 45 days, which ended at 2027-04-14T23:59:59.999-07:00 (America/Los_Angeles)',
      ],
    ])('gives the %s legal reason and the local end of the period', (regulation, reason) => {
      const request = extension({ regulation, timeZone: LA, receivedAt: at('2027-03-01T04:00:00.000Z') });
      expect(checkExtension({ ...request, now: at('2027-06-01T00:00:00.000Z') })).toEqual({
        allowed: false,
        refusal: 'too_late',
        reason,
      });
    });
  });

  it.each<[Regulation, string]>([
    ['gdpr', 'a GDPR deadline can be extended only once'],
    ['ccpa', 'a CCPA deadline can be extended only once'],
  ])('refuses a second %s extension, even a short one', (regulation, reason) => {
    expect(checkExtension(extension({ regulation, alreadyExtended: true, days: 1 }))).toEqual({
      allowed: false,
      refusal: 'already_extended',
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
      refusal: 'invalid_days',
      reason: 'days must be a whole number of at least 1',
    });
  });

  it.each(REGULATIONS.flatMap((regulation) => ['', ' ', '\t\n '].map((reason) => ({ regulation, reason }))))(
    'refuses a blank reason under $regulation ($reason)',
    ({ regulation, reason }) => {
      expect(checkExtension(extension({ regulation, reason, days: 10 }))).toEqual({
        allowed: false,
        refusal: 'missing_reason',
        reason: 'an extension needs a reason, which is recorded and owed to the data subject',
      });
    },
  );

  it.each(REGULATIONS)('accepts a reason with surrounding whitespace under %s', (regulation) => {
    expect(
      checkExtension(extension({ regulation, reason: '  backlog after a migration \n', days: 10 })).allowed,
    ).toBe(true);
  });

  it('reports the first problem: second extension, then lateness, then bad days, then a blank reason', () => {
    const late = at('2027-06-01T00:00:00.000Z');
    expect(
      checkExtension(extension({ alreadyExtended: true, now: late, days: 0, reason: ' ' })),
    ).toMatchObject({
      refusal: 'already_extended',
    });
    expect(checkExtension(extension({ now: late, days: 0, reason: ' ' }))).toMatchObject({
      refusal: 'too_late',
    });
    expect(checkExtension(extension({ days: 0, reason: ' ' }))).toMatchObject({ refusal: 'invalid_days' });
    expect(checkExtension(extension({ reason: ' ' }))).toMatchObject({ refusal: 'missing_reason' });
  });

  it('does not modify the dates it is given', () => {
    const request = extension({ days: 60 });
    checkExtension(request);
    expect(request.receivedAt.toISOString()).toBe('2027-01-31T09:30:00.000Z');
    expect(request.currentDueAt.toISOString()).toBe('2027-02-28T23:59:59.999Z');
  });
});
