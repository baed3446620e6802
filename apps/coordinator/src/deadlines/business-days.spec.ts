import { DateTime } from 'luxon';
import { addBusinessDays, invalidHolidays, isBusinessDay } from './business-days';

const day = (iso: string, zone = 'UTC') => DateTime.fromISO(iso, { zone });
const date = (value: DateTime) => value.toISODate();

describe('business-days', () => {
  describe(isBusinessDay.name, () => {
    // Monday 4 Jan 2027 … Sunday 10 Jan 2027
    it.each([
      ['2027-01-04', true],
      ['2027-01-05', true],
      ['2027-01-06', true],
      ['2027-01-07', true],
      ['2027-01-08', true],
      ['2027-01-09', false],
      ['2027-01-10', false],
    ])('%s is a business day: %s', (iso, expected) => {
      expect(isBusinessDay(day(iso), new Set())).toBe(expected);
    });

    it('treats a listed holiday as closed, in the zone the day is in', () => {
      expect(isBusinessDay(day('2027-07-05', 'America/Los_Angeles'), new Set(['2027-07-05']))).toBe(false);
      expect(isBusinessDay(day('2027-07-06', 'America/Los_Angeles'), new Set(['2027-07-05']))).toBe(true);
    });
  });

  describe(addBusinessDays.name, () => {
    it.each([
      ['Fri + 1 → Mon', '2027-01-01', 1, [], '2027-01-04'],
      ['Thu + 1 → Fri', '2026-12-31', 1, [], '2027-01-01'],
      ['Thu + 2 → Mon, across the turn of the year', '2026-12-31', 2, [], '2027-01-04'],
      ['Mon + 4 → Fri', '2027-01-04', 4, [], '2027-01-08'],
      ['Mon + 5 → next Mon', '2027-01-04', 5, [], '2027-01-11'],
      ['Wed + 10 → Wed two weeks on', '2027-01-06', 10, [], '2027-01-20'],
      ['Sat + 1 → Mon', '2027-01-02', 1, [], '2027-01-04'],
      ['Sun + 10 → Fri of the following week', '2027-01-03', 10, [], '2027-01-15'],
      ['across 29 Feb 2028', '2028-02-25', 2, [], '2028-02-29'],
      ['across the end of a leap February', '2028-02-25', 3, [], '2028-03-01'],
      ['zero days on a Saturday stays on Saturday', '2027-01-02', 0, [], '2027-01-02'],
      ['a holiday is skipped', '2027-01-15', 1, ['2027-01-18'], '2027-01-19'],
      ['consecutive holidays are skipped', '2027-12-23', 1, ['2027-12-24', '2027-12-27'], '2027-12-28'],
      ['holidays on weekends change nothing', '2027-01-01', 1, ['2027-01-02', '2027-01-03'], '2027-01-04'],
      ['the start day being a holiday changes nothing', '2027-12-24', 1, ['2027-12-24'], '2027-12-27'],
    ])('%s', (_case, from, count, holidays, expected) => {
      expect(date(addBusinessDays(day(from), count, holidays))).toBe(expected);
    });

    it.each([
      // US spring forward Sunday 14 Mar 2027, fall back Sunday 7 Nov 2027
      ['America/Los_Angeles', '2027-03-12', '2027-03-15'],
      ['America/Los_Angeles', '2027-11-05', '2027-11-08'],
      // EU spring forward Sunday 28 Mar 2027, fall back Sunday 31 Oct 2027
      ['Europe/Berlin', '2027-03-26', '2027-03-29'],
      ['Europe/Berlin', '2027-10-29', '2027-11-01'],
    ])('moves by calendar day across a DST weekend in %s (%s + 1 → %s)', (zone, from, expected) => {
      const result = addBusinessDays(day(from, zone), 1, []);
      expect(date(result)).toBe(expected);
      expect(result.hour).toBe(0);
      expect(result.zoneName).toBe(zone);
    });

    it('returns the start of the local day, whatever time of day it started from', () => {
      const result = addBusinessDays(
        DateTime.fromISO('2027-01-06T17:45:00', { zone: 'Europe/Berlin' }),
        1,
        [],
      );
      expect(result.toISO()).toBe('2027-01-07T00:00:00.000+01:00');
    });

    it('lands on a business day after exactly that many business days, for every start and count', () => {
      const holidays = ['2027-01-18', '2027-02-15', '2027-01-06'];
      const closed = new Set(holidays);
      for (let offset = 0; offset < 14; offset += 1) {
        const from = day('2027-01-04').plus({ days: offset });
        for (let count = 1; count <= 25; count += 1) {
          const result = addBusinessDays(from, count, holidays);
          expect(isBusinessDay(result, closed)).toBe(true);
          let between = 0;
          for (let d = from.plus({ days: 1 }); d <= result; d = d.plus({ days: 1 })) {
            if (isBusinessDay(d, closed)) between += 1;
          }
          expect(between).toBe(count);
        }
      }
    });

    it.each([-1, 1.5, Number.NaN])('refuses %s business days', (count) => {
      expect(() => addBusinessDays(day('2027-01-04'), count, [])).toThrow(RangeError);
    });
  });

  describe(invalidHolidays.name, () => {
    it('accepts real YYYY-MM-DD dates, including 29 Feb of a leap year', () => {
      expect(invalidHolidays(['2027-01-01', '2027-12-31', '2028-02-29'])).toEqual([]);
    });

    it.each([
      '2027-02-29',
      '2027-02-30',
      '2027-13-01',
      '2027-1-6',
      '27-01-01',
      '2027-01-01T00:00',
      '',
      'tomorrow',
    ])('refuses %j', (holiday) => {
      expect(invalidHolidays(['2027-01-01', holiday])).toEqual([holiday]);
    });
  });
});
