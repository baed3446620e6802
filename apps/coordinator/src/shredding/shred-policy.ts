import type { RequestStatus } from '../requests/request-lifecycle';

/**
 * When a request's raw identities are crypto-shredded (DESIGN §5). Pure: the repository's SQL and the API's
 * "kept until" date both follow these rules, and the unit tests pin them down.
 */

/** Statuses after which no command will ever be sent again, so the identities are no longer needed. */
export const SHREDDABLE_STATUSES = ['completed', 'cancelled'] as const satisfies readonly RequestStatus[];
export type ShreddableStatus = (typeof SHREDDABLE_STATUSES)[number];

/**
 * `('completed', 'cancelled')`: written into SQL as a literal so the planner can match the partial index
 * ix_erasure_requests_shred_due, whose migration spells out the same list.
 */
export const SHREDDABLE_STATUSES_SQL = `(${SHREDDABLE_STATUSES.map((status) => `'${status}'`).join(', ')})`;

/**
 * The terminal time in SQL, the same expression as the index: completed_at or cancelled_at, and updated_at for a
 * terminal row that lacks it (never earlier than the real terminal time, so the window is never cut short).
 */
export const TERMINAL_AT_SQL = `COALESCE(CASE status WHEN 'completed' THEN completed_at WHEN 'cancelled' THEN cancelled_at END, updated_at)`;

export interface ShredCandidate {
  status: RequestStatus;
  completedAt: Date | null;
  cancelledAt: Date | null;
  updatedAt: Date;
  /** Set once the ciphertext and the wrapped data key are gone. */
  identitiesShreddedAt: Date | null;
}

export function isShreddableStatus(status: RequestStatus): status is ShreddableStatus {
  return (SHREDDABLE_STATUSES as readonly RequestStatus[]).includes(status);
}

/** When the request became terminal, or null while it is open. */
export function terminalAt(request: ShredCandidate): Date | null {
  if (!isShreddableStatus(request.status)) return null;
  const recorded = request.status === 'completed' ? request.completedAt : request.cancelledAt;
  return recorded ?? request.updatedAt;
}

/** When the identities are (or were) due for shredding; null while the request is open. */
export function shredDueAt(request: ShredCandidate, shredAfterMs: number): Date | null {
  const at = terminalAt(request);
  return at === null ? null : new Date(at.getTime() + shredAfterMs);
}

/** Due when terminal and terminal time + window <= now, and not shredded already (shredding happens once). */
export function isShredDue(request: ShredCandidate, shredAfterMs: number, now: Date): boolean {
  if (request.identitiesShreddedAt !== null) return false;
  const due = shredDueAt(request, shredAfterMs);
  return due !== null && due.getTime() <= now.getTime();
}

/** The latest terminal time that is due at `now`: the bound of the repository's "due" query. */
export function shredCutoff(now: Date, shredAfterMs: number): Date {
  return new Date(now.getTime() - shredAfterMs);
}
