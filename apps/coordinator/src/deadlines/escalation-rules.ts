import type { DeadlineKind } from '../timers/timer-jobs';
import { atRiskDate } from './deadline-policy';

export const DEADLINE_KINDS: readonly DeadlineKind[] = ['at_risk', 'overdue', 'receipt_confirmation_overdue'];

/** What the escalations of one request depend on; each `…At` marker records that one was escalated. */
export interface EscalationState {
  dueAt: Date;
  atRiskAt: Date | null;
  overdueAt: Date | null;
  receiptConfirmationDueAt: Date | null;
  receiptConfirmedAt: Date | null;
  receiptConfirmationOverdueAt: Date | null;
}

export interface PendingEscalation {
  kind: DeadlineKind;
  /** When the escalation fires. */
  at: Date;
  /** The due date it is about (the request's, or the receipt confirmation's); part of its timer id. */
  dueAt: Date;
}

/** Which marker column an escalation sets, so each is recorded once per due date. */
export const ESCALATION_MARKER = {
  at_risk: 'atRiskAt',
  overdue: 'overdueAt',
  receipt_confirmation_overdue: 'receiptConfirmationOverdueAt',
} as const satisfies Record<DeadlineKind, keyof EscalationState>;

/**
 * The escalation of `kind` a request still owes, or null when it was already recorded or does not apply (no
 * receipt confirmation is owed once one was recorded, or under GDPR). Pure; the caller checks the time.
 */
export function pendingEscalation(
  kind: DeadlineKind,
  state: EscalationState,
  atRiskLeadMs: number,
): PendingEscalation | null {
  if (state[ESCALATION_MARKER[kind]]) return null;
  switch (kind) {
    case 'at_risk':
      return { kind, at: atRiskDate(state.dueAt, atRiskLeadMs), dueAt: state.dueAt };
    case 'overdue':
      return { kind, at: state.dueAt, dueAt: state.dueAt };
    case 'receipt_confirmation_overdue': {
      const dueAt = state.receiptConfirmationDueAt;
      if (!dueAt || state.receiptConfirmedAt) return null;
      return { kind, at: dueAt, dueAt };
    }
  }
}

/** Every escalation a request still owes, in the order they fire for a typical request. */
export function pendingEscalations(state: EscalationState, atRiskLeadMs: number): PendingEscalation[] {
  return DEADLINE_KINDS.map((kind) => pendingEscalation(kind, state, atRiskLeadMs)).filter(
    (pending): pending is PendingEscalation => pending !== null,
  );
}
