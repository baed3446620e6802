import { dailySeries, successRate, windowStart } from './completion-series';

describe('completion-series', () => {
  describe(windowStart.name, () => {
    it('starts at midnight UTC, days - 1 days before today', () => {
      expect(windowStart(new Date('2027-03-10T18:45:00Z'), 30).toISOString()).toBe(
        '2027-02-09T00:00:00.000Z',
      );
    });

    it('is today at midnight for a one-day window', () => {
      expect(windowStart(new Date('2027-03-10T00:00:00Z'), 1).toISOString()).toBe('2027-03-10T00:00:00.000Z');
    });

    it('crosses a leap day', () => {
      expect(windowStart(new Date('2028-03-01T12:00:00Z'), 3).toISOString()).toBe('2028-02-28T00:00:00.000Z');
    });
  });

  describe(dailySeries.name, () => {
    const now = new Date('2027-01-02T09:00:00Z');

    it('fills every day of the window, oldest first, zero where nothing completed', () => {
      expect(dailySeries([{ date: '2027-01-01', count: 4 }], now, 4)).toEqual([
        { date: '2026-12-30', count: 0 },
        { date: '2026-12-31', count: 0 },
        { date: '2027-01-01', count: 4 },
        { date: '2027-01-02', count: 0 },
      ]);
    });

    it('ignores counts outside the window', () => {
      const series = dailySeries(
        [
          { date: '2026-11-01', count: 9 },
          { date: '2027-01-02', count: 2 },
        ],
        now,
        2,
      );
      expect(series).toEqual([
        { date: '2027-01-01', count: 0 },
        { date: '2027-01-02', count: 2 },
      ]);
    });

    it('has exactly `days` entries', () => {
      expect(dailySeries([], now, 30)).toHaveLength(30);
    });
  });

  describe(successRate.name, () => {
    it.each([
      [3, 1, 0.75],
      [5, 0, 1],
      [0, 2, 0],
    ])('is %i / (%i + failed) = %d', (succeeded, failed, rate) => {
      expect(successRate(succeeded, failed)).toBe(rate);
    });

    it('is null when nothing settled', () => {
      expect(successRate(0, 0)).toBeNull();
    });
  });
});
