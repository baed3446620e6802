import {
  DEADLINE_KINDS,
  ESCALATION_MARKER,
  EscalationState,
  pendingEscalation,
  pendingEscalations,
} from './escalation-rules';

const at = (iso: string) => new Date(iso);
const DAY = 86_400_000;
const DUE = at('2027-03-01T23:59:59.999Z');
const RECEIPT_DUE = at('2027-01-29T23:59:59.999Z');

const state = (overrides: Partial<EscalationState> = {}): EscalationState => ({
  dueAt: DUE,
  atRiskAt: null,
  overdueAt: null,
  receiptConfirmationDueAt: RECEIPT_DUE,
  receiptConfirmedAt: null,
  receiptConfirmationOverdueAt: null,
  ...overrides,
});

describe('escalation-rules', () => {
  it('knows the three escalations and the marker each sets', () => {
    expect(DEADLINE_KINDS).toEqual(['at_risk', 'overdue', 'receipt_confirmation_overdue']);
    expect(ESCALATION_MARKER).toEqual({
      at_risk: 'atRiskAt',
      overdue: 'overdueAt',
      receipt_confirmation_overdue: 'receiptConfirmationOverdueAt',
    });
  });

  describe(pendingEscalation.name, () => {
    it.each([
      ['at_risk', 3 * DAY, '2027-02-26T23:59:59.999Z', DUE],
      ['at_risk', 0, DUE.toISOString(), DUE],
      ['overdue', 3 * DAY, DUE.toISOString(), DUE],
      ['receipt_confirmation_overdue', 3 * DAY, RECEIPT_DUE.toISOString(), RECEIPT_DUE],
    ] as const)('%s (lead %i ms) fires at %s', (kind, lead, fireAt, dueAt) => {
      expect(pendingEscalation(kind, state(), lead)).toEqual({ kind, at: at(fireAt), dueAt });
    });

    it.each(DEADLINE_KINDS)('%s is owed once: not after its marker is recorded', (kind) => {
      expect(
        pendingEscalation(kind, state({ [ESCALATION_MARKER[kind]]: at('2027-01-02T00:00:00Z') }), DAY),
      ).toBeNull();
    });

    it('owes no receipt escalation once receipt was confirmed, nor under GDPR (no receipt due date)', () => {
      const confirmed = state({ receiptConfirmedAt: at('2027-01-05T10:00:00Z') });
      expect(pendingEscalation('receipt_confirmation_overdue', confirmed, DAY)).toBeNull();
      const gdpr = state({ receiptConfirmationDueAt: null });
      expect(pendingEscalation('receipt_confirmation_overdue', gdpr, DAY)).toBeNull();
    });

    it('a confirmed receipt leaves the request deadline escalations alone', () => {
      const confirmed = state({ receiptConfirmedAt: at('2027-01-05T10:00:00Z') });
      expect(pendingEscalation('overdue', confirmed, DAY)).toEqual({ kind: 'overdue', at: DUE, dueAt: DUE });
    });
  });

  describe(pendingEscalations.name, () => {
    it('lists every escalation still owed', () => {
      expect(pendingEscalations(state(), DAY).map((p) => p.kind)).toEqual(DEADLINE_KINDS);
      expect(
        pendingEscalations(state({ atRiskAt: DUE, receiptConfirmedAt: DUE }), DAY).map((p) => p.kind),
      ).toEqual(['overdue']);
      expect(
        pendingEscalations(state({ atRiskAt: DUE, overdueAt: DUE, receiptConfirmationOverdueAt: DUE }), DAY),
      ).toEqual([]);
    });
  });
});
