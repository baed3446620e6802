import type { SubjectIdentity } from '../protocol/identity';

export const REDACTED = '[redacted]';

/**
 * Removes the subject's identity values from free text before it leaves the service. Handler error messages
 * often quote the failing row ("duplicate key (email)=(a@example.org)"), and results end up in the coordinator's
 * ledger, which must never hold raw identities.
 */
export function redactIdentities(text: string, identities: readonly SubjectIdentity[]): string {
  const values = [
    ...new Set(identities.map((identity) => identity.value.trim()).filter((value) => value.length > 0)),
  ];
  // Longest first, so a value that contains another is replaced whole.
  values.sort((a, b) => b.length - a.length);
  return values.reduce(
    (redacted, value) => redacted.replace(new RegExp(escapeRegExp(value), 'gi'), REDACTED),
    text,
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
