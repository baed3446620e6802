/**
 * Legal deadlines, as pure date arithmetic in UTC.
 * GDPR Art. 12(3): one month from receipt — the same day of the next month, or that month's last day when it has
 * no such day (31 Jan → 28/29 Feb). CCPA §1798.130: 45 calendar days.
 */

export const REGULATIONS = ['gdpr', 'ccpa'] as const;
export type Regulation = (typeof REGULATIONS)[number];

const DAY_MS = 86_400_000;

export function addCalendarMonths(from: Date, months: number): Date {
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + months;
  const lastDayOfTarget = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(from.getUTCDate(), lastDayOfTarget);
  return new Date(
    Date.UTC(
      year,
      month,
      day,
      from.getUTCHours(),
      from.getUTCMinutes(),
      from.getUTCSeconds(),
      from.getUTCMilliseconds(),
    ),
  );
}

export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

export function initialDueDate(regulation: Regulation, receivedAt: Date): Date {
  switch (regulation) {
    case 'gdpr':
      return addCalendarMonths(receivedAt, 1);
    case 'ccpa':
      return addDays(receivedAt, 45);
  }
}

/** Adds business days (Monday to Friday, UTC); public holidays are not modelled. */
export function addBusinessDays(from: Date, days: number): Date {
  const result = new Date(from.getTime());
  let added = 0;
  while (added < days) {
    result.setUTCDate(result.getUTCDate() + 1);
    const weekday = result.getUTCDay();
    if (weekday !== 0 && weekday !== 6) added += 1;
  }
  return result;
}

/** CCPA §7021(a) of the regulations: confirm receipt within 10 business days. GDPR sets no separate deadline. */
export function receiptConfirmationDueDate(regulation: Regulation, receivedAt: Date): Date | null {
  return regulation === 'ccpa' ? addBusinessDays(receivedAt, 10) : null;
}

/** When a request counts as at risk: `leadMs` before its due date. */
export function atRiskDate(dueAt: Date, leadMs: number): Date {
  return new Date(dueAt.getTime() - leadMs);
}
