import { DateTime } from 'luxon';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const SATURDAY = 6;
const SUNDAY = 7;

/**
 * Business days: Monday to Friday, except the configured public holidays, in the legal time zone. Pure.
 * Holidays are plain local dates (`YYYY-MM-DD`), so a holiday is the whole local day wherever UTC is then.
 */

/** Holiday entries that are not real `YYYY-MM-DD` calendar dates (e.g. `2027-02-30`, `27-12-25`). */
export function invalidHolidays(holidays: readonly string[]): string[] {
  return holidays.filter(
    (holiday) => !ISO_DATE.test(holiday) || !DateTime.fromISO(holiday, { zone: 'UTC' }).isValid,
  );
}

export function isBusinessDay(day: DateTime, holidays: ReadonlySet<string>): boolean {
  return day.weekday !== SATURDAY && day.weekday !== SUNDAY && !holidays.has(day.toISODate() ?? '');
}

/**
 * The `count`-th business day after `day` (which itself is not counted, as the law excludes the day of receipt;
 * a request received on a Saturday starts counting on Monday). Returns the start of that local day.
 */
export function addBusinessDays(day: DateTime, count: number, holidays: readonly string[]): DateTime {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`business days must be a whole number of at least 0 (got ${count})`);
  }
  const closed = new Set(holidays);
  let result = day.startOf('day');
  let added = 0;
  while (added < count) {
    // plus({ days }) moves by calendar day in the zone, so a 23- or 25-hour DST day is still one day
    result = result.plus({ days: 1 });
    if (isBusinessDay(result, closed)) added += 1;
  }
  return result;
}
