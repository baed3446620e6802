import {
  CCPA_RESPONSE_DAYS,
  GDPR_MAX_MONTHS_FROM_RECEIPT,
  GDPR_RESPONSE_MONTHS,
  Regulation,
} from './deadline-policy';
import { CCPA_MAX_DAYS_FROM_RECEIPT, CCPA_MAX_EXTENSION_DAYS } from './extension-policy';

/**
 * What the law allows when a deadline is extended, per regulation, for clients that explain it before they ask
 * (the dashboard's extend dialog). Pure. Built from the constants `checkExtension` enforces, so the description
 * cannot drift from the rule; `checkExtension` stays the only judge of a concrete extension.
 */
export interface ExtensionRule {
  regulation: Regulation;
  /** How often a deadline may be extended. */
  times: number;
  /** The longest single extension in days, when the law counts it in days (CCPA). */
  maxFurtherDays: number | null;
  /** The longest single extension in months, when the law counts it in months (GDPR). */
  maxFurtherMonths: number | null;
  /** The latest due date, counted from receipt, in days (CCPA) or months (GDPR). */
  maxDaysFromReceipt: number | null;
  maxMonthsFromReceipt: number | null;
  /** When the subject must be told of an extension: within the first period, in the unit the law uses. */
  noticeWithinDays: number | null;
  noticeWithinMonths: number | null;
  /** One sentence for a person, e.g. "CCPA allows one extension of up to 45 days." */
  summary: string;
}

/**
 * The `days` the extend endpoint accepts before the law is consulted: three months from receipt hold at most 92
 * days. Wider than any single extension on purpose, so that a longer one is refused with the law's own reason.
 */
export const EXTENSION_DAYS_ACCEPTED = { min: 1, max: 92 } as const;

const GDPR_MAX_FURTHER_MONTHS = GDPR_MAX_MONTHS_FROM_RECEIPT - GDPR_RESPONSE_MONTHS;
const NUMBER_WORDS = ['no', 'one', 'two', 'three'];

function inWords(count: number): string {
  return NUMBER_WORDS[count] ?? String(count);
}

export function extensionRule(regulation: Regulation): ExtensionRule {
  switch (regulation) {
    case 'gdpr':
      return {
        regulation,
        times: 1,
        maxFurtherDays: null,
        maxFurtherMonths: GDPR_MAX_FURTHER_MONTHS,
        maxDaysFromReceipt: null,
        maxMonthsFromReceipt: GDPR_MAX_MONTHS_FROM_RECEIPT,
        noticeWithinDays: null,
        noticeWithinMonths: GDPR_RESPONSE_MONTHS,
        summary: `GDPR allows ${inWords(1)} extension of up to ${inWords(GDPR_MAX_FURTHER_MONTHS)} further months.`,
      };
    case 'ccpa':
      return {
        regulation,
        times: 1,
        maxFurtherDays: CCPA_MAX_EXTENSION_DAYS,
        maxFurtherMonths: null,
        maxDaysFromReceipt: CCPA_MAX_DAYS_FROM_RECEIPT,
        maxMonthsFromReceipt: null,
        noticeWithinDays: CCPA_RESPONSE_DAYS,
        noticeWithinMonths: null,
        summary: `CCPA allows ${inWords(1)} extension of up to ${CCPA_MAX_EXTENSION_DAYS} days.`,
      };
  }
}
