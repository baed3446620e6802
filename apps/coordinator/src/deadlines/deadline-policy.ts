import { addBusinessDays } from './business-days';
import { endOfLocalDay, LegalCalendar, localDay, UTC_CALENDAR } from './legal-calendar';

/**
 * Legal deadlines, counted as the law counts them: in calendar days and months of the deployment's legal time
 * zone, from the day after receipt, and ending when the last day is over there (the end of the local day, not the
 * time of receipt one month later). Pure.
 *
 * - GDPR Art. 12(3): one month from receipt — the same date of the next month, or that month's last day when it
 *   has no such date (31 Jan → 28/29 Feb); Regulation 1182/71 Art. 3 for how a month is counted.
 * - CCPA §1798.130(a)(2) and regulations §7021(b): 45 calendar days.
 * - CCPA regulations §7021(a): receipt confirmed within 10 business days.
 *
 * Lethe does not move a deadline that ends on a weekend or holiday to the next working day (Regulation 1182/71
 * Art. 3(4), Cal. Civ. Code §§10–12 would allow it): escalating a day early is safe, a day late is not.
 */

export const REGULATIONS = ['gdpr', 'ccpa'] as const;
export type Regulation = (typeof REGULATIONS)[number];

export const GDPR_RESPONSE_MONTHS = 1;
/** Art. 12(3): "extended by two further months", so at most three months from receipt. */
export const GDPR_MAX_MONTHS_FROM_RECEIPT = 3;
export const CCPA_RESPONSE_DAYS = 45;
export const CCPA_RECEIPT_CONFIRMATION_BUSINESS_DAYS = 10;

/** The end of the local day `months` calendar months after the local day of `from`, clamped to month ends. */
export function endOfDayMonthsAfter(from: Date, months: number, timeZone: string): Date {
  // luxon clamps to the target month's last day from the original date (31 Jan + 3 months = 30 Apr)
  return endOfLocalDay(localDay(from, timeZone).plus({ months }));
}

/** The end of the local day `days` calendar days after the local day of `from`; DST days count as one day. */
export function endOfDayDaysAfter(from: Date, days: number, timeZone: string): Date {
  return endOfLocalDay(localDay(from, timeZone).plus({ days }));
}

export function initialDueDate(
  regulation: Regulation,
  receivedAt: Date,
  calendar: LegalCalendar = UTC_CALENDAR,
): Date {
  switch (regulation) {
    case 'gdpr':
      return endOfDayMonthsAfter(receivedAt, GDPR_RESPONSE_MONTHS, calendar.timeZone);
    case 'ccpa':
      return endOfDayDaysAfter(receivedAt, CCPA_RESPONSE_DAYS, calendar.timeZone);
  }
}

/** CCPA regulations §7021(a): confirm receipt within 10 business days. GDPR sets no separate deadline. */
export function receiptConfirmationDueDate(
  regulation: Regulation,
  receivedAt: Date,
  calendar: LegalCalendar = UTC_CALENDAR,
): Date | null {
  if (regulation !== 'ccpa') return null;
  const day = addBusinessDays(
    localDay(receivedAt, calendar.timeZone),
    CCPA_RECEIPT_CONFIRMATION_BUSINESS_DAYS,
    calendar.holidays,
  );
  return endOfLocalDay(day);
}

/** When a request counts as at risk: `leadMs` before its due date. */
export function atRiskDate(dueAt: Date, leadMs: number): Date {
  return new Date(dueAt.getTime() - leadMs);
}
