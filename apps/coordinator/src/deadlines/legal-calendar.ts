import { DateTime, IANAZone } from 'luxon';

/**
 * The calendar deadlines are counted in: one IANA time zone per deployment (the law counts days, and a day begins
 * and ends in the place the controller answers from) and the public holidays that are not business days there.
 * Pure: luxon does the zone arithmetic, so DST changes and month lengths are not done by hand.
 */
export interface LegalCalendar {
  /** IANA name, e.g. `Europe/Berlin`, `America/Los_Angeles`. */
  timeZone: string;
  /** Local calendar dates (`YYYY-MM-DD`) that are not business days, besides Saturdays and Sundays. */
  holidays: readonly string[];
}

export const UTC_CALENDAR: LegalCalendar = { timeZone: 'UTC', holidays: [] };

export function isValidTimeZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

/** The local calendar day an instant falls on, as the start of that day in the zone. */
export function localDay(instant: Date, timeZone: string): DateTime {
  return DateTime.fromJSDate(instant, { zone: timeZone }).startOf('day');
}

/**
 * The last instant of a local day. A deadline "on" a date lasts until that day is over where it is counted
 * (Regulation 1182/71 Art. 3(2)(c); Cal. Civ. Code §10 includes the last day), not until the time of receipt.
 */
export function endOfLocalDay(day: DateTime): Date {
  return day.endOf('day').toJSDate();
}

/** An instant as local time with its offset and the zone named, for refusal messages a person reads. */
export function describeInZone(instant: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  return `${local.toISO()} (${timeZone})`;
}
