import {
  addBusinessDays,
  addCalendarMonths,
  addDays,
  atRiskDate,
  initialDueDate,
  receiptConfirmationDueDate,
  REGULATIONS,
} from './deadline-policy';

const utc = (iso: string) => new Date(iso);

describe('deadline-policy', () => {
  describe(addCalendarMonths.name, () => {
    it.each([
      ['same day next month', '2027-01-15T00:00:00.000Z', '2027-02-15T00:00:00.000Z'],
      ['31 Jan → last day of February (common year)', '2027-01-31T00:00:00.000Z', '2027-02-28T00:00:00.000Z'],
      ['31 Jan → 29 Feb in a leap year', '2028-01-31T00:00:00.000Z', '2028-02-29T00:00:00.000Z'],
      ['30 Jan → 29 Feb in a leap year', '2028-01-30T00:00:00.000Z', '2028-02-29T00:00:00.000Z'],
      ['29 Jan → 28 Feb in a common year', '2027-01-29T00:00:00.000Z', '2027-02-28T00:00:00.000Z'],
      ['28 Feb → 28 Mar (not the end of March)', '2027-02-28T00:00:00.000Z', '2027-03-28T00:00:00.000Z'],
      ['29 Feb (leap) → 29 Mar', '2028-02-29T00:00:00.000Z', '2028-03-29T00:00:00.000Z'],
      ['31 Mar → 30 Apr', '2027-03-31T00:00:00.000Z', '2027-04-30T00:00:00.000Z'],
      ['30 Apr → 30 May', '2027-04-30T00:00:00.000Z', '2027-05-30T00:00:00.000Z'],
      ['31 Aug → 30 Sep', '2027-08-31T00:00:00.000Z', '2027-09-30T00:00:00.000Z'],
      ['30 Nov → 30 Dec', '2027-11-30T00:00:00.000Z', '2027-12-30T00:00:00.000Z'],
      ['30 Dec → 30 Jan of the next year', '2027-12-30T00:00:00.000Z', '2028-01-30T00:00:00.000Z'],
      ['31 Dec → 31 Jan of the next year', '2027-12-31T00:00:00.000Z', '2028-01-31T00:00:00.000Z'],
      ['1 Dec → 1 Jan of the next year', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ])('%s', (_case, from, expected) => {
      expect(addCalendarMonths(utc(from), 1).toISOString()).toBe(expected);
    });

    it.each([
      ['midnight', '2027-01-31T00:00:00.000Z', '2027-02-28T00:00:00.000Z'],
      ['just before midnight', '2027-01-31T23:59:59.999Z', '2027-02-28T23:59:59.999Z'],
      ['mid-afternoon with milliseconds', '2028-02-29T14:07:33.250Z', '2028-03-29T14:07:33.250Z'],
      ['late on New Year’s Eve', '2027-12-31T23:30:00.000Z', '2028-01-31T23:30:00.000Z'],
    ])('keeps the UTC time of day (%s)', (_case, from, expected) => {
      expect(addCalendarMonths(utc(from), 1).toISOString()).toBe(expected);
    });

    it('clamps from the original day, not from an intermediate month', () => {
      expect(addCalendarMonths(utc('2027-01-31T08:00:00.000Z'), 2).toISOString()).toBe(
        '2027-03-31T08:00:00.000Z',
      );
      expect(addCalendarMonths(utc('2027-01-31T08:00:00.000Z'), 3).toISOString()).toBe(
        '2027-04-30T08:00:00.000Z',
      );
    });

    it('crosses several year boundaries', () => {
      expect(addCalendarMonths(utc('2027-11-30T00:00:00.000Z'), 15).toISOString()).toBe(
        '2029-02-28T00:00:00.000Z',
      );
      expect(addCalendarMonths(utc('2027-02-15T00:00:00.000Z'), 0).toISOString()).toBe(
        '2027-02-15T00:00:00.000Z',
      );
    });

    it('does not modify its argument', () => {
      const from = utc('2027-01-31T12:00:00.000Z');
      addCalendarMonths(from, 1);
      expect(from.toISOString()).toBe('2027-01-31T12:00:00.000Z');
    });
  });

  describe(addDays.name, () => {
    it.each([
      ['within a month', '2027-03-01T10:00:00.000Z', 10, '2027-03-11T10:00:00.000Z'],
      ['across a month end', '2027-01-25T10:00:00.000Z', 10, '2027-02-04T10:00:00.000Z'],
      ['across 29 Feb in a leap year', '2028-02-25T10:00:00.000Z', 5, '2028-03-01T10:00:00.000Z'],
      ['across 28 Feb in a common year', '2027-02-25T10:00:00.000Z', 5, '2027-03-02T10:00:00.000Z'],
      ['across the year end', '2027-12-30T23:59:59.999Z', 2, '2028-01-01T23:59:59.999Z'],
      ['zero days', '2027-06-15T06:00:00.000Z', 0, '2027-06-15T06:00:00.000Z'],
      ['backwards', '2027-03-01T00:00:00.000Z', -1, '2027-02-28T00:00:00.000Z'],
    ])('%s', (_case, from, days, expected) => {
      expect(addDays(utc(from), days).toISOString()).toBe(expected);
    });
  });

  describe(initialDueDate.name, () => {
    it('supports exactly GDPR and CCPA', () => {
      expect(REGULATIONS).toEqual(['gdpr', 'ccpa']);
    });

    it.each([
      ['15 Jan → 15 Feb', '2027-01-15T09:30:00.000Z', '2027-02-15T09:30:00.000Z'],
      ['31 Jan → 28 Feb (2027)', '2027-01-31T09:30:00.000Z', '2027-02-28T09:30:00.000Z'],
      ['31 Jan → 29 Feb (2028, leap)', '2028-01-31T09:30:00.000Z', '2028-02-29T09:30:00.000Z'],
      ['31 Mar → 30 Apr', '2027-03-31T09:30:00.000Z', '2027-04-30T09:30:00.000Z'],
      ['30 Dec → 30 Jan next year', '2027-12-30T09:30:00.000Z', '2028-01-30T09:30:00.000Z'],
      ['31 Dec → 31 Jan next year', '2027-12-31T09:30:00.000Z', '2028-01-31T09:30:00.000Z'],
      ['29 Feb 2028 → 29 Mar', '2028-02-29T09:30:00.000Z', '2028-03-29T09:30:00.000Z'],
    ])('GDPR gives one calendar month: %s', (_case, receivedAt, dueAt) => {
      expect(initialDueDate('gdpr', utc(receivedAt)).toISOString()).toBe(dueAt);
    });

    it.each([
      ['within the quarter', '2027-01-15T00:00:00.000Z', '2027-03-01T00:00:00.000Z'],
      ['across February in a common year', '2027-02-01T00:00:00.000Z', '2027-03-18T00:00:00.000Z'],
      ['across February in a leap year', '2028-02-01T12:34:56.789Z', '2028-03-17T12:34:56.789Z'],
      ['across the year end', '2026-12-20T10:00:00.000Z', '2027-02-03T10:00:00.000Z'],
    ])('CCPA gives 45 calendar days: %s', (_case, receivedAt, dueAt) => {
      expect(initialDueDate('ccpa', utc(receivedAt)).toISOString()).toBe(dueAt);
    });

    it('gives CCPA exactly 45 × 24 hours', () => {
      const receivedAt = utc('2027-10-20T17:45:00.000Z');
      expect(initialDueDate('ccpa', receivedAt).getTime() - receivedAt.getTime()).toBe(45 * 86_400_000);
    });
  });

  describe(addBusinessDays.name, () => {
    // 1 Jan 2027 is a Friday
    it.each([
      ['Fri + 1 → Mon', '2027-01-01T10:00:00.000Z', 1, '2027-01-04T10:00:00.000Z'],
      ['Thu + 1 → Fri', '2026-12-31T10:00:00.000Z', 1, '2027-01-01T10:00:00.000Z'],
      ['Thu + 2 → Mon', '2026-12-31T10:00:00.000Z', 2, '2027-01-04T10:00:00.000Z'],
      ['Mon + 1 → Tue', '2027-01-04T10:00:00.000Z', 1, '2027-01-05T10:00:00.000Z'],
      ['Mon + 4 → Fri', '2027-01-04T10:00:00.000Z', 4, '2027-01-08T10:00:00.000Z'],
      ['Mon + 5 → next Mon', '2027-01-04T10:00:00.000Z', 5, '2027-01-11T10:00:00.000Z'],
      ['Fri + 5 → next Fri', '2027-01-01T10:00:00.000Z', 5, '2027-01-08T10:00:00.000Z'],
      ['Wed + 5 → next Wed', '2027-01-06T10:00:00.000Z', 5, '2027-01-13T10:00:00.000Z'],
      ['Wed + 10 → Wed two weeks on', '2027-01-06T10:00:00.000Z', 10, '2027-01-20T10:00:00.000Z'],
      ['Sat + 1 → Mon', '2027-01-02T10:00:00.000Z', 1, '2027-01-04T10:00:00.000Z'],
      ['Sat + 5 → Fri', '2027-01-02T10:00:00.000Z', 5, '2027-01-08T10:00:00.000Z'],
      ['Sat + 10 → Fri of the following week', '2027-01-02T10:00:00.000Z', 10, '2027-01-15T10:00:00.000Z'],
      ['Sun + 1 → Mon', '2027-01-03T10:00:00.000Z', 1, '2027-01-04T10:00:00.000Z'],
      ['Sun + 10 → Fri of the following week', '2027-01-03T10:00:00.000Z', 10, '2027-01-15T10:00:00.000Z'],
      ['across 29 Feb in a leap year', '2028-02-25T10:00:00.000Z', 2, '2028-02-29T10:00:00.000Z'],
      ['across the end of a leap February', '2028-02-25T10:00:00.000Z', 3, '2028-03-01T10:00:00.000Z'],
      ['across the year end and a weekend', '2027-12-30T10:00:00.000Z', 3, '2028-01-04T10:00:00.000Z'],
      ['zero days on a weekday', '2027-01-06T10:00:00.000Z', 0, '2027-01-06T10:00:00.000Z'],
      ['zero days on a Saturday', '2027-01-02T10:00:00.000Z', 0, '2027-01-02T10:00:00.000Z'],
    ])('%s', (_case, from, days, expected) => {
      expect(addBusinessDays(utc(from), days).toISOString()).toBe(expected);
    });

    it.each([
      ['midnight', '2027-01-01T00:00:00.000Z', '2027-01-04T00:00:00.000Z'],
      ['just before midnight', '2027-01-01T23:59:59.999Z', '2027-01-04T23:59:59.999Z'],
      ['mid-afternoon with milliseconds', '2027-01-01T14:07:33.250Z', '2027-01-04T14:07:33.250Z'],
    ])('keeps the UTC time of day (%s)', (_case, from, expected) => {
      expect(addBusinessDays(utc(from), 1).toISOString()).toBe(expected);
    });

    it('always lands on a weekday after exactly that many weekdays', () => {
      const isWeekday = (date: Date) => date.getUTCDay() !== 0 && date.getUTCDay() !== 6;
      // one start on every day of the week, Monday 4 Jan 2027 to Sunday 10 Jan 2027
      for (let offset = 0; offset < 7; offset += 1) {
        const from = addDays(utc('2027-01-04T08:00:00.000Z'), offset);
        for (let days = 1; days <= 25; days += 1) {
          const result = addBusinessDays(from, days);
          expect(isWeekday(result)).toBe(true);
          let weekdaysBetween = 0;
          for (let day = addDays(from, 1); day.getTime() <= result.getTime(); day = addDays(day, 1)) {
            if (isWeekday(day)) weekdaysBetween += 1;
          }
          expect(weekdaysBetween).toBe(days);
        }
      }
    });

    it('does not modify its argument', () => {
      const from = utc('2027-01-01T10:00:00.000Z');
      addBusinessDays(from, 10);
      expect(from.toISOString()).toBe('2027-01-01T10:00:00.000Z');
    });
  });

  describe(receiptConfirmationDueDate.name, () => {
    it.each([
      ['a Wednesday', '2027-01-06T14:00:00.000Z', '2027-01-20T14:00:00.000Z'],
      ['a Friday', '2027-01-01T14:00:00.000Z', '2027-01-15T14:00:00.000Z'],
      ['a Saturday', '2027-01-02T14:00:00.000Z', '2027-01-15T14:00:00.000Z'],
      ['a Sunday', '2027-01-03T14:00:00.000Z', '2027-01-15T14:00:00.000Z'],
      ['a Monday late at night', '2027-01-04T23:59:59.999Z', '2027-01-18T23:59:59.999Z'],
    ])('CCPA: 10 business days from %s', (_case, receivedAt, dueAt) => {
      expect(receiptConfirmationDueDate('ccpa', utc(receivedAt))?.toISOString()).toBe(dueAt);
    });

    it.each(['2027-01-06T14:00:00.000Z', '2027-01-02T14:00:00.000Z', '2028-02-29T00:00:00.000Z'])(
      'GDPR sets no separate receipt deadline (received %s)',
      (receivedAt) => {
        expect(receiptConfirmationDueDate('gdpr', utc(receivedAt))).toBeNull();
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
      expect(atRiskDate(utc(dueAt), leadMs).toISOString()).toBe(expected);
    });

    it('does not modify the due date', () => {
      const dueAt = utc('2027-02-15T09:30:00.000Z');
      atRiskDate(dueAt, DAY_MS);
      expect(dueAt.toISOString()).toBe('2027-02-15T09:30:00.000Z');
    });
  });
});
