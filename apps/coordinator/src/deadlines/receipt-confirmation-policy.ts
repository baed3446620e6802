import { Regulation } from './deadline-policy';

/**
 * Whether an operator may record that receipt of a request was confirmed to the consumer (CCPA regulations
 * §7021(a): within 10 business days, with how the request will be processed). Pure.
 */
export interface ReceiptConfirmation {
  regulation: Regulation;
  receiptConfirmationDueAt: Date | null;
  receiptConfirmedAt: Date | null;
  now: Date;
}

export type ReceiptConfirmationRefusal = 'not_required' | 'already_confirmed';

export type ReceiptConfirmationVerdict =
  { allowed: true; late: boolean } | { allowed: false; refusal: ReceiptConfirmationRefusal; reason: string };

export function checkReceiptConfirmation(input: ReceiptConfirmation): ReceiptConfirmationVerdict {
  const { regulation, receiptConfirmationDueAt, receiptConfirmedAt, now } = input;
  if (regulation !== 'ccpa' || !receiptConfirmationDueAt) {
    return {
      allowed: false,
      refusal: 'not_required',
      reason: `${regulation.toUpperCase()} sets no separate receipt confirmation; only CCPA requests (regulations §7021(a)) need one`,
    };
  }
  if (receiptConfirmedAt) {
    return {
      allowed: false,
      refusal: 'already_confirmed',
      reason: `receipt was already confirmed at ${receiptConfirmedAt.toISOString()}`,
    };
  }
  // recorded even when late: the ledger then shows both the escalation and when the consumer was finally told
  return { allowed: true, late: now.getTime() > receiptConfirmationDueAt.getTime() };
}
