import {
  endOfDayDaysAfter,
  endOfDayMonthsAfter,
  GDPR_MAX_MONTHS_FROM_RECEIPT,
  initialDueDate,
  Regulation,
} from './deadline-policy';
import { describeInZone } from './legal-calendar';

/**
 * Whether the law allows extending a request's deadline now. Pure.
 * GDPR Art. 12(3): once, by up to two further months (three from receipt), with reasons, and the subject is told
 * within one month of receipt. CCPA §1798.130(a)(2), regulations §7021(b): once, by up to 45 further days (90 from
 * receipt), with notice and an explanation given within the first 45 days.
 */
export interface ExtensionRequest {
  regulation: Regulation;
  receivedAt: Date;
  currentDueAt: Date;
  alreadyExtended: boolean;
  days: number;
  reason: string;
  /** When the extension (and so the notice to the subject) is being made. */
  now: Date;
  timeZone: string;
}

/** Why an extension was refused; `too_late` is its own case because no later retry can ever succeed. */
export type ExtensionRefusal =
  'already_extended' | 'too_late' | 'invalid_days' | 'missing_reason' | 'beyond_limit';

export type ExtensionVerdict =
  { allowed: true; newDueAt: Date } | { allowed: false; refusal: ExtensionRefusal; reason: string };

export const CCPA_MAX_EXTENSION_DAYS = 45;
export const CCPA_MAX_DAYS_FROM_RECEIPT = 90;

/** The last instant at which the subject can still be told of an extension: the end of the first period. */
export function extensionNoticeDeadline(regulation: Regulation, receivedAt: Date, timeZone: string): Date {
  return initialDueDate(regulation, receivedAt, { timeZone, holidays: [] });
}

export function checkExtension(request: ExtensionRequest): ExtensionVerdict {
  const { regulation, receivedAt, currentDueAt, alreadyExtended, days, reason, now, timeZone } = request;
  if (alreadyExtended) {
    return refuse('already_extended', `a ${regulation.toUpperCase()} deadline can be extended only once`);
  }
  const noticeBy = extensionNoticeDeadline(regulation, receivedAt, timeZone);
  if (now.getTime() > noticeBy.getTime()) {
    return refuse('too_late', tooLateReason(regulation, describeInZone(noticeBy, timeZone)));
  }
  if (!Number.isInteger(days) || days < 1) {
    return refuse('invalid_days', 'days must be a whole number of at least 1');
  }
  if (!reason.trim()) {
    return refuse(
      'missing_reason',
      'an extension needs a reason, which is recorded and owed to the data subject',
    );
  }
  // counted in local calendar days, so a due date at the end of a local day stays at the end of one across DST
  const newDueAt = endOfDayDaysAfter(currentDueAt, days, timeZone);
  switch (regulation) {
    case 'gdpr': {
      const limit = endOfDayMonthsAfter(receivedAt, GDPR_MAX_MONTHS_FROM_RECEIPT, timeZone);
      if (newDueAt.getTime() > limit.getTime()) {
        return refuse(
          'beyond_limit',
          `GDPR Art. 12(3) allows at most two further months, three from receipt: the latest due date is ${describeInZone(limit, timeZone)}`,
        );
      }
      return { allowed: true, newDueAt };
    }
    case 'ccpa': {
      if (days > CCPA_MAX_EXTENSION_DAYS) {
        return refuse(
          'beyond_limit',
          `CCPA §1798.130(a)(2) allows at most ${CCPA_MAX_EXTENSION_DAYS} further days, 90 from receipt`,
        );
      }
      // a due date moved some other way (e.g. recorded before due dates ended with the local day) keeps the total
      const limit = endOfDayDaysAfter(receivedAt, CCPA_MAX_DAYS_FROM_RECEIPT, timeZone);
      if (newDueAt.getTime() > limit.getTime()) {
        return refuse(
          'beyond_limit',
          `CCPA regulations §7021(b) allow at most ${CCPA_MAX_DAYS_FROM_RECEIPT} days from receipt: the latest due date is ${describeInZone(limit, timeZone)}`,
        );
      }
      return { allowed: true, newDueAt };
    }
  }
}

function tooLateReason(regulation: Regulation, noticeBy: string): string {
  switch (regulation) {
    case 'gdpr':
      return `GDPR Art. 12(3): the data subject must be told of an extension within one month of receipt, which ended at ${noticeBy}`;
    case 'ccpa':
      return `CCPA §1798.130(a)(2): notice of an extension must be given within the first 45 days, which ended at ${noticeBy}`;
  }
}

function refuse(refusal: ExtensionRefusal, reason: string): ExtensionVerdict {
  return { allowed: false, refusal, reason };
}
