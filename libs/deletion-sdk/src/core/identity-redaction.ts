import type { SubjectIdentity } from '../protocol/identity';
import { REDACTED, redactKnownValues } from '../protocol/personal-data';

export { REDACTED };

/** The values of a subject's identities, for the redactors' `knownValues`. */
export function identityValues(identities: readonly SubjectIdentity[]): string[] {
  return identities.map((identity) => identity.value);
}

/**
 * Removes the subject's identity values (and only those) from free text. Handler error messages often quote the
 * failing row ("duplicate key (email)=(a@example.org)"); `redactPersonalData` also masks other people's
 * addresses and numbers.
 */
export function redactIdentities(text: string, identities: readonly SubjectIdentity[]): string {
  return redactKnownValues(text, identityValues(identities));
}
