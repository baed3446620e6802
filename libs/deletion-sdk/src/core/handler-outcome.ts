/** What one erasure handler (one store) reports. Build it with `deleted`, `notFound` or `retained`. */
export type HandlerOutcome = DeletedOutcome | NotFoundOutcome | RetainedOutcome;

export interface DeletedOutcome {
  readonly kind: 'deleted';
  readonly recordsAffected: number;
}

export interface NotFoundOutcome {
  readonly kind: 'not_found';
  readonly recordsAffected: 0;
}

export interface RetainedOutcome {
  readonly kind: 'retained';
  /** GDPR Art. 17(3) ground or named retention rule; see `RetentionBasis`. */
  readonly basis: string;
  readonly note?: string;
  /** Records changed while retaining, e.g. personal fields anonymised on an order kept for tax law. */
  readonly recordsAffected: number;
}

const MAX_BASIS_LENGTH = 200;
const MAX_NOTE_LENGTH = 2000;

function assertCount(count: number, helper: string): void {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`${helper}: recordsAffected must be a non-negative integer, got ${String(count)}`);
  }
}

/**
 * The subject's data was found and erased in this store (or, in a dry run, would be).
 * @param recordsAffected - rows, keys or documents removed
 */
export function deleted(recordsAffected: number): DeletedOutcome {
  assertCount(recordsAffected, 'deleted()');
  return { kind: 'deleted', recordsAffected };
}

/** This store holds nothing about the subject. */
export function notFound(): NotFoundOutcome {
  return { kind: 'not_found', recordsAffected: 0 };
}

/**
 * The data is kept on a legal basis, which the coordinator records as proof. Counts as done.
 * @param basis - e.g. `RetentionBasis.LegalObligation` or a named rule such as `"tax-records-10y"`
 * @param note - free text for the auditor (no personal data)
 * @param recordsAffected - records changed while retaining (e.g. anonymised)
 * @defaultValue recordsAffected: 0
 */
export function retained(basis: string, note?: string, recordsAffected = 0): RetainedOutcome {
  if (typeof basis !== 'string' || basis.trim().length === 0 || basis.length > MAX_BASIS_LENGTH) {
    throw new RangeError(`retained(): basis must be 1–${MAX_BASIS_LENGTH} characters`);
  }
  if (
    note !== undefined &&
    (typeof note !== 'string' || note.length === 0 || note.length > MAX_NOTE_LENGTH)
  ) {
    throw new RangeError(`retained(): note must be 1–${MAX_NOTE_LENGTH} characters when given`);
  }
  assertCount(recordsAffected, 'retained()');
  return note === undefined
    ? { kind: 'retained', basis, recordsAffected }
    : { kind: 'retained', basis, note, recordsAffected };
}

/**
 * Handlers may be plain JavaScript or cast their way past the types, so what they return is checked before it is
 * trusted. Returns a reason when `value` is not a usable outcome.
 */
export function describeInvalidOutcome(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) {
    return `expected deleted(n), notFound() or retained(basis), got ${value === null ? 'null' : typeof value}`;
  }
  const outcome = value as Partial<Record<string, unknown>>;
  const count = outcome.recordsAffected;
  const validCount = typeof count === 'number' && Number.isSafeInteger(count) && count >= 0;
  switch (outcome.kind) {
    case 'deleted':
      return validCount ? undefined : 'deleted outcome has an invalid recordsAffected';
    case 'not_found':
      return count === 0 ? undefined : 'not_found outcome must have recordsAffected 0';
    case 'retained': {
      const { basis, note } = outcome;
      if (typeof basis !== 'string' || basis.trim().length === 0 || basis.length > MAX_BASIS_LENGTH) {
        return 'retained outcome has an invalid basis';
      }
      if (
        note !== undefined &&
        (typeof note !== 'string' || note.length === 0 || note.length > MAX_NOTE_LENGTH)
      ) {
        return 'retained outcome has an invalid note';
      }
      return validCount ? undefined : 'retained outcome has an invalid recordsAffected';
    }
    default:
      return 'expected deleted(n), notFound() or retained(basis): unknown outcome kind';
  }
}
