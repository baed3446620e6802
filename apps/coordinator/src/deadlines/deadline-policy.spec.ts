import {
  atRiskDate,
  CCPA_RECEIPT_CONFIRMATION_BUSINESS_DAYS,
  CCPA_RESPONSE_DAYS,
  endOfDayDaysAfter,
  endOfDayMonthsAfter,
  initialDueDate,
  receiptConfirmationDueDate,
  REGULATIONS,
} from './deadline-policy';
import { LegalCalendar, UTC_CALENDAR } from './legal-calendar';

const at = (iso: string) => new Date(iso);
const LA = 'America/Los_Angeles';
const BERLIN = 'Europe/Berlin';
const zone = (timeZone: string, holidays: string[] = []): LegalCalendar => ({ timeZone, holidays });

describe('deadline-policy', () => {
  it('supports exactly GDPR and CCPA, with the periods the law sets', () => {
    expect(REGULATIONS).toEqual(['gdpr', 'ccpa']);
    expect(CCPA_RESPONSE_DAYS).toBe(45);
    expect(CCPA_RECEIPT_CONFIRMATION_BUSINESS_DAYS).toBe(10);
  });

  describe('GDPR Art. 12(3): one calendar month, ending with the due day (UTC)', () => {
    it.each([
      ['15 Jan → 15 Feb', '2027-01-15T09:30:00.000Z', '2027-02-15T23:59:59.999Z'],
      ['31 Jan → 28 Feb (common year)', '2027-01-31T09:30:00.000Z', '2027-02-28T23:59:59.999Z'],
      ['31 Jan → 29 Feb (2028, leap)', '2028-01-31T09:30:00.000Z', '2028-02-29T23:59:59.999Z'],
      ['30 Jan → 29 Feb (leap)', '2028-01-30T09:30:00.000Z', '2028-02-29T23:59:59.999Z'],
      ['29 Jan → 28 Feb (common)', '2027-01-29T09:30:00.000Z', '2027-02-28T23:59:59.999Z'],
      ['28 Feb → 28 Mar, not the end of March', '2027-02-28T09:30:00.000Z', '2027-03-28T23:59:59.999Z'],
      ['29 Feb 2028 → 29 Mar', '2028-02-29T09:30:00.000Z', '2028-03-29T23:59:59.999Z'],
      ['31 Mar → 30 Apr', '2027-03-31T09:30:00.000Z', '2027-04-30T23:59:59.999Z'],
      ['31 Aug → 30 Sep', '2027-08-31T09:30:00.000Z', '2027-09-30T23:59:59.999Z'],
      ['30 Nov → 30 Dec', '2027-11-30T09:30:00.000Z', '2027-12-30T23:59:59.999Z'],
      ['30 Dec → 30 Jan of the next year', '2027-12-30T09:30:00.000Z', '2028-01-30T23:59:59.999Z'],
      ['31 Dec → 31 Jan of the next year', '2027-12-31T09:30:00.000Z', '2028-01-31T23:59:59.999Z'],
      ['1 Dec → 1 Jan of the next year', '2026-12-01T09:30:00.000Z', '2027-01-01T23:59:59.999Z'],
      ['received at midnight', '2027-01-31T00:00:00.000Z', '2027-02-28T23:59:59.999Z'],
      ['received in the last millisecond of a day', '2027-01-31T23:59:59.999Z', '2027-02-28T23:59:59.999Z'],
    ])('%s', (_case, receivedAt, dueAt) => {
      expect(initialDueDate('gdpr', at(receivedAt)).toISOString()).toBe(dueAt);
    });
  });

  describe('CCPA §1798.130(a)(2), regulations §7021(b): 45 calendar days, ending with the due day (UTC)', () => {
    it.each([
      ['within the quarter', '2027-01-15T00:00:00.000Z', '2027-03-01T23:59:59.999Z'],
      ['across February in a common year', '2027-02-01T12:00:00.000Z', '2027-03-18T23:59:59.999Z'],
      ['across February in a leap year', '2028-02-01T12:34:56.789Z', '2028-03-17T23:59:59.999Z'],
      ['onto 29 Feb 2028', '2028-01-15T08:00:00.000Z', '2028-02-29T23:59:59.999Z'],
      ['across the turn of the year', '2026-12-20T10:00:00.000Z', '2027-02-03T23:59:59.999Z'],
      ['from New Year’s Eve', '2027-12-31T23:59:59.999Z', '2028-02-14T23:59:59.999Z'],
    ])('%s', (_case, receivedAt, dueAt) => {
      expect(initialDueDate('ccpa', at(receivedAt)).toISOString()).toBe(dueAt);
    });
  });

  describe('in the legal time zone', () => {
    it('20:00 in California on 28 February is due at the end of 28 March there, not on 1 April (UTC)', () => {
      const receivedAt = at('2027-03-01T04:00:00.000Z'); // 28 Feb 2027, 20:00 PST
      expect(initialDueDate('gdpr', receivedAt, zone(LA)).toISOString()).toBe('2027-03-29T06:59:59.999Z');
      expect(initialDueDate('gdpr', receivedAt, UTC_CALENDAR).toISOString()).toBe('2027-04-01T23:59:59.999Z');
    });

    it.each([
      // US spring forward: Sunday 14 Mar 2027, 02:00 PST → 03:00 PDT
      [
        'US spring-forward inside a CCPA period',
        'ccpa',
        LA,
        '2027-02-01T18:00:00.000Z',
        '2027-03-19T06:59:59.999Z',
      ],
      [
        'received on the US spring-forward day',
        'gdpr',
        LA,
        '2027-03-14T10:00:00.000Z',
        '2027-04-15T06:59:59.999Z',
      ],
      [
        'due on the US spring-forward day',
        'gdpr',
        LA,
        '2027-02-14T20:00:00.000Z',
        '2027-03-15T06:59:59.999Z',
      ],
      // US fall back: Sunday 7 Nov 2027, 02:00 PDT → 01:00 PST
      [
        'US fall-back inside a CCPA period',
        'ccpa',
        LA,
        '2027-10-01T17:00:00.000Z',
        '2027-11-16T07:59:59.999Z',
      ],
      ['due on the US fall-back day', 'gdpr', LA, '2027-10-07T17:00:00.000Z', '2027-11-08T07:59:59.999Z'],
      // EU spring forward: Sunday 28 Mar 2027, 02:00 CET → 03:00 CEST (a 23-hour due day)
      [
        'due on the EU spring-forward day',
        'gdpr',
        BERLIN,
        '2027-02-28T12:00:00.000Z',
        '2027-03-28T21:59:59.999Z',
      ],
      // EU fall back: Sunday 31 Oct 2027, 03:00 CEST → 02:00 CET (a 25-hour due day)
      ['due on the EU fall-back day', 'ccpa', BERLIN, '2027-09-16T10:00:00.000Z', '2027-10-31T22:59:59.999Z'],
      ['across the EU fall-back', 'gdpr', BERLIN, '2027-10-15T10:00:00.000Z', '2027-11-15T22:59:59.999Z'],
      [
        'just after local midnight in Berlin, still 31 Jan in UTC',
        'gdpr',
        BERLIN,
        '2027-01-31T23:30:00.000Z',
        '2027-03-01T22:59:59.999Z',
      ],
      [
        'New Year’s Eve evening in California, already 2028 in UTC',
        'gdpr',
        LA,
        '2028-01-01T04:00:00.000Z',
        '2028-02-01T07:59:59.999Z',
      ],
      [
        '31 Jan in California → 29 Feb 2028',
        'gdpr',
        LA,
        '2028-01-31T20:00:00.000Z',
        '2028-03-01T07:59:59.999Z',
      ],
      [
        '29 Feb 2028 late evening in California',
        'gdpr',
        LA,
        '2028-03-01T07:00:00.000Z',
        '2028-03-30T06:59:59.999Z',
      ],
    ] as const)('%s', (_case, regulation, timeZone, receivedAt, dueAt) => {
      expect(initialDueDate(regulation, at(receivedAt), zone(timeZone)).toISOString()).toBe(dueAt);
    });

    it('always ends a due day at 23:59:59.999 local time, whatever the offset that day', () => {
      for (let day = 0; day < 400; day += 7) {
        const receivedAt = new Date(Date.UTC(2027, 0, 1, 15) + day * 86_400_000);
        for (const timeZone of [LA, BERLIN, 'Australia/Lord_Howe', 'Asia/Kolkata']) {
          const local = new Intl.DateTimeFormat('en-GB', {
            timeZone,
            hour: '2-digit',
            minute: '2-digit',
            second: '2-digit',
            hourCycle: 'h23',
          });
          expect(local.format(initialDueDate('ccpa', receivedAt, zone(timeZone)))).toBe('23:59:59');
          expect(local.format(initialDueDate('gdpr', receivedAt, zone(timeZone)))).toBe('23:59:59');
        }
      }
    });
  });

  describe(endOfDayMonthsAfter.name, () => {
    it.each([
      ['two months from 31 Jan', '2027-01-31T08:00:00.000Z', 2, '2027-03-31T23:59:59.999Z'],
      ['three months from 31 Jan', '2027-01-31T08:00:00.000Z', 3, '2027-04-30T23:59:59.999Z'],
      [
        'three months from 30 Nov, into a common February',
        '2026-11-30T08:00:00.000Z',
        3,
        '2027-02-28T23:59:59.999Z',
      ],
      [
        'three months from 30 Nov, into a leap February',
        '2027-11-30T08:00:00.000Z',
        3,
        '2028-02-29T23:59:59.999Z',
      ],
      ['fifteen months across two year ends', '2027-11-30T00:00:00.000Z', 15, '2029-02-28T23:59:59.999Z'],
      ['zero months is the end of the same day', '2027-02-15T00:00:00.000Z', 0, '2027-02-15T23:59:59.999Z'],
    ])('%s', (_case, from, months, expected) => {
      expect(endOfDayMonthsAfter(at(from), months, 'UTC').toISOString()).toBe(expected);
    });
  });

  describe(endOfDayDaysAfter.name, () => {
    it('counts local days, so a 45-day span across the US spring-forward is 45 × 24 hours minus one', () => {
      const from = at('2027-03-01T07:59:59.999Z'); // end of 28 Feb 2027, PST
      const due = endOfDayDaysAfter(from, 45, LA);
      expect(due.toISOString()).toBe('2027-04-15T06:59:59.999Z');
      expect(due.getTime() - from.getTime()).toBe(45 * 86_400_000 - 3_600_000);
    });

    it('does not modify its argument', () => {
      const from = at('2027-01-31T12:00:00.000Z');
      endOfDayDaysAfter(from, 10, BERLIN);
      endOfDayMonthsAfter(from, 1, BERLIN);
      expect(from.toISOString()).toBe('2027-01-31T12:00:00.000Z');
    });
  });

  describe('CCPA regulations §7021(a): receipt confirmed within 10 business days', () => {
    // 1 Jan 2027 is a Friday
    it.each([
      ['a Wednesday', '2027-01-06T14:00:00.000Z', [], '2027-01-20T23:59:59.999Z'],
      ['a Friday', '2027-01-01T14:00:00.000Z', [], '2027-01-15T23:59:59.999Z'],
      ['a Saturday (counting starts Monday)', '2027-01-02T14:00:00.000Z', [], '2027-01-15T23:59:59.999Z'],
      ['a Sunday', '2027-01-03T14:00:00.000Z', [], '2027-01-15T23:59:59.999Z'],
      [
        'a Monday, with MLK day a holiday',
        '2027-01-04T14:00:00.000Z',
        ['2027-01-18'],
        '2027-01-19T23:59:59.999Z',
      ],
      [
        'a Monday, the holiday list naming another year',
        '2027-01-04T14:00:00.000Z',
        ['2028-01-18'],
        '2027-01-18T23:59:59.999Z',
      ],
      [
        'Christmas week, across the turn of the year with two holidays',
        '2027-12-22T10:00:00.000Z',
        ['2027-12-24', '2027-12-31'],
        '2028-01-07T23:59:59.999Z',
      ],
      ['across 29 Feb 2028', '2028-02-18T10:00:00.000Z', [], '2028-03-03T23:59:59.999Z'],
      [
        'a holiday on a weekend changes nothing',
        '2027-01-06T14:00:00.000Z',
        ['2027-01-09', '2027-01-10'],
        '2027-01-20T23:59:59.999Z',
      ],
      ['received on a holiday', '2027-12-24T10:00:00.000Z', ['2027-12-24'], '2028-01-07T23:59:59.999Z'],
    ])('from %s (UTC)', (_case, receivedAt, holidays, dueAt) => {
      expect(receiptConfirmationDueDate('ccpa', at(receivedAt), zone('UTC', holidays))?.toISOString()).toBe(
        dueAt,
      );
    });

    it.each([
      ['Friday evening in California is Saturday in UTC', [], '2027-01-23T07:59:59.999Z'],
      ['…and a local holiday pushes it a day on', ['2027-01-18'], '2027-01-26T07:59:59.999Z'],
    ])('%s', (_case, holidays, dueAt) => {
      const receivedAt = at('2027-01-09T04:00:00.000Z'); // Friday 8 Jan 2027, 20:00 PST
      expect(receiptConfirmationDueDate('ccpa', receivedAt, zone(LA, holidays))?.toISOString()).toBe(dueAt);
    });

    it('crosses the US spring-forward and still ends at local midnight', () => {
      const receivedAt = at('2027-03-08T17:00:00.000Z'); // Monday 8 Mar 2027, 09:00 PST
      expect(receiptConfirmationDueDate('ccpa', receivedAt, zone(LA))?.toISOString()).toBe(
        '2027-03-23T06:59:59.999Z',
      );
    });

    it.each(['2027-01-06T14:00:00.000Z', '2027-01-02T14:00:00.000Z', '2028-02-29T00:00:00.000Z'])(
      'GDPR sets no separate receipt deadline (received %s)',
      (receivedAt) => {
        expect(receiptConfirmationDueDate('gdpr', at(receivedAt), zone(LA))).toBeNull();
      },
    );
  });

  describe(atRiskDate.name, () => {
    const DAY_MS = 86_400_000;

    it.each([
      ['three days before', '2027-02-15T09:30:00.000Z', 3 * DAY_MS, '2027-02-12T09:30:00.000Z'],
      ['one hour before', '2027-02-15T09:30:00.000Z', 3_600_000, '2027-02-15T08:30:00.000Z'],
      ['one millisecond before', '2027-02-15T09:30:00.000Z', 1, '2027-02-15T09:29:59.999Z'],
      ['back across a month end', '2027-03-01T00:00:00.000Z', DAY_MS, '2027-02-28T00:00:00.000Z'],
      ['back across a leap day', '2028-03-01T06:00:00.000Z', 2 * DAY_MS, '2028-02-28T06:00:00.000Z'],
      ['at the due date with no lead', '2027-02-15T09:30:00.000Z', 0, '2027-02-15T09:30:00.000Z'],
    ])('%s', (_case, dueAt, leadMs, expected) => {
      expect(atRiskDate(at(dueAt), leadMs).toISOString()).toBe(expected);
    });

    it('does not modify the due date', () => {
      const dueAt = at('2027-02-15T09:30:00.000Z');
      atRiskDate(dueAt, DAY_MS);
      expect(dueAt.toISOString()).toBe('2027-02-15T09:30:00.000Z');
    });
  });
});
