import { checkReceiptConfirmation, ReceiptConfirmation } from './receipt-confirmation-policy';

const at = (iso: string) => new Date(iso);
const DUE = '2027-01-15T23:59:59.999Z';

const input = (overrides: Partial<ReceiptConfirmation> = {}): ReceiptConfirmation => ({
  regulation: 'ccpa',
  receiptConfirmationDueAt: at(DUE),
  receiptConfirmedAt: null,
  now: at('2027-01-05T10:00:00.000Z'),
  ...overrides,
});

describe(checkReceiptConfirmation.name, () => {
  it.each([
    ['well before the due date', '2027-01-05T10:00:00.000Z', false],
    ['a minute before the end of the due day', '2027-01-15T23:58:59.999Z', false],
    ['at the last instant of the due day', DUE, false],
    ['a minute after the due day', '2027-01-16T00:00:59.999Z', true],
    ['weeks late', '2027-03-01T00:00:00.000Z', true],
  ])('records a CCPA confirmation %s (late: %s)', (_case, now, late) => {
    expect(checkReceiptConfirmation(input({ now: at(now) }))).toEqual({ allowed: true, late });
  });

  it('refuses a second confirmation, naming when the first was recorded', () => {
    expect(checkReceiptConfirmation(input({ receiptConfirmedAt: at('2027-01-06T08:00:00.000Z') }))).toEqual({
      allowed: false,
      refusal: 'already_confirmed',
      reason: 'receipt was already confirmed at 2027-01-06T08:00:00.000Z',
    });
  });

  it.each([
    ['a GDPR request', { regulation: 'gdpr' as const, receiptConfirmationDueAt: null }],
    ['a GDPR request, whatever its due date column says', { regulation: 'gdpr' as const }],
    ['a CCPA request without a due date', { receiptConfirmationDueAt: null }],
  ])('refuses %s: no separate confirmation is owed', (_case, overrides) => {
    expect(checkReceiptConfirmation(input(overrides))).toMatchObject({
      allowed: false,
      refusal: 'not_required',
    });
  });

  it('says why in the refusal', () => {
    expect(checkReceiptConfirmation(input({ regulation: 'gdpr', receiptConfirmationDueAt: null }))).toEqual({
      allowed: false,
      refusal: 'not_required',
      reason:
        'GDPR sets no separate receipt confirmation; only CCPA requests (regulations §7021(a)) need one',
    });
  });
});
