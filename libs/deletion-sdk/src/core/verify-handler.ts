import type { IdentityType, SubjectIdentity } from '../protocol/identity';
import { matchesIdentity } from '../protocol/identity-matching';
import type { VerificationCommand } from '../protocol/verification-messages';
import { bindLogger, SdkLogger } from './sdk-logger';

/** Everything a verify handler needs to look for one subject in one store. */
export interface VerificationContext {
  readonly requestId: string;
  /** Id of the verification command; unique per verification. */
  readonly verificationId: string;
  /** Every identity the subject is known by; the handler's own copy. */
  readonly identities: SubjectIdentity[];
  /** The raw values of one identity type, without duplicates; hashed identities are left out (use `matches`). */
  valuesOf(type: IdentityType): string[];
  /** Whether a value the store holds (raw, as typed) is this subject's, by any identity of `type`. */
  matches(type: IdentityType, rawStoredValue: string): boolean;
  /** Bound to the request and handler. Never log identity values. */
  readonly logger: SdkLogger;
  /** Aborted when the handler runs past the client's `handlerTimeoutMs`. */
  readonly signal: AbortSignal;
}

/** What a verify handler found: nothing of the subject, or this many of its records. */
export type VerifyOutcome = { kind: 'absent' } | { kind: 'present'; records: number };

/** The store holds nothing of the subject. */
export function absent(): VerifyOutcome {
  return { kind: 'absent' };
}

/**
 * The store still holds the subject (resurrected by a restore, a replay, a late event): report how many records, never
 * what they contain.
 */
export function present(records: number): VerifyOutcome {
  if (!Number.isInteger(records) || records < 1) {
    throw new RangeError(`present(records) needs a positive integer, got ${String(records)}`);
  }
  return { kind: 'present', records };
}

/**
 * Looks for the subject in one store, read-only. Throw when the store cannot be checked: the service then answers
 * `failed`, never `absent`.
 */
export type VerifyHandler = (ctx: VerificationContext) => Promise<VerifyOutcome> | VerifyOutcome;

export function createVerificationContext(
  command: VerificationCommand,
  handlerName: string,
  logger: SdkLogger,
  signal: AbortSignal,
): VerificationContext {
  const identities: SubjectIdentity[] = command.subject.identities.map(({ type, value, format }) =>
    format ? { type, value, format } : { type, value },
  );
  return {
    requestId: command.requestId,
    verificationId: command.id,
    identities,
    valuesOf: (type) => [
      ...new Set(identities.filter((i) => i.type === type && !i.format).map((i) => i.value)),
    ],
    matches: (type, rawStoredValue) =>
      identities.some((identity) => identity.type === type && matchesIdentity(identity, rawStoredValue)),
    logger: bindLogger(logger, {
      requestId: command.requestId,
      handler: handlerName,
      verification: command.id,
    }),
    signal,
  };
}
