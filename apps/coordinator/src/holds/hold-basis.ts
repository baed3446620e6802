import type { Regulation } from '../deadlines/deadline-policy';

/**
 * Why a subject's data is kept despite an erasure request, and the provision of each law that allows it. Pure,
 * so the citations recorded on tasks are pinned down by unit tests.
 */
export const HOLD_BASES = ['litigation', 'subpoena', 'regulatory_investigation', 'fraud'] as const;
export type HoldBasis = (typeof HOLD_BASES)[number];

/** Released by an operator, or by the expiry poller once the hold's end date passed. */
export const HOLD_RELEASE_REASONS = ['released', 'expired'] as const;
export type HoldReleaseReason = (typeof HOLD_RELEASE_REASONS)[number];

const CITATIONS: Record<HoldBasis, Record<Regulation, string>> = {
  // pending or reasonably anticipated legal proceedings
  litigation: {
    gdpr: 'GDPR Art. 17(3)(e): establishment, exercise or defence of legal claims',
    ccpa: 'CCPA §1798.145(a)(1)(E): exercise or defend legal claims',
  },
  subpoena: {
    gdpr: 'GDPR Art. 17(3)(b): compliance with a legal obligation',
    ccpa: 'CCPA §1798.145(a)(1)(A): comply with a court order or subpoena',
  },
  regulatory_investigation: {
    gdpr: 'GDPR Art. 17(3)(b): compliance with a legal obligation',
    ccpa: 'CCPA §1798.145(a)(1)(B): comply with a civil, criminal or regulatory inquiry or investigation',
  },
  fraud: {
    gdpr: 'GDPR Art. 17(3)(e): establishment, exercise or defence of legal claims',
    ccpa: 'CCPA §1798.105(d)(2): detect security incidents and prosecute fraudulent or illegal activity',
  },
};

/** The legal basis recorded on a task the hold retained, in the words of the request's own law. */
export function holdCitation(basis: HoldBasis, regulation: Regulation): string {
  return CITATIONS[basis][regulation];
}

/** Active at `now`: not released, and its end date (if any) not reached. */
export function isHoldActive(hold: { releasedAt: Date | null; endsAt: Date | null }, now: Date): boolean {
  return hold.releasedAt === null && (hold.endsAt === null || hold.endsAt.getTime() > now.getTime());
}

/**
 * Of several holds matching one subject, the one a request is linked to: the one that ends last (an open-ended
 * hold outlasts every dated one), then the earliest placed, so the choice is deterministic.
 */
export function governingHold<T extends { id: string; placedAt: Date; endsAt: Date | null }>(
  holds: readonly T[],
): T | undefined {
  const end = (hold: T) => (hold.endsAt === null ? Number.POSITIVE_INFINITY : hold.endsAt.getTime());
  return [...holds].sort(
    (a, b) => end(b) - end(a) || a.placedAt.getTime() - b.placedAt.getTime() || a.id.localeCompare(b.id),
  )[0];
}
