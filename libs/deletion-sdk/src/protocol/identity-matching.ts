import { createHash, timingSafeEqual } from 'node:crypto';
import { IdentityType, SubjectIdentity } from './identity';

const PHONE_SEPARATORS = /[\s().-]/g;

/**
 * The canonical form the coordinator gives an identity before hashing or dispatching it, for comparing a value a
 * service stored in whatever form it was typed in. Phone numbers are only stripped of separators: a number stored
 * in international form (`+44 20 7946 0958`) becomes its E.164 form, a national one cannot be resolved without
 * knowing its country and will not match.
 */
export function normaliseIdentityValue(type: IdentityType, rawValue: string): string {
  const value = rawValue.trim();
  switch (type) {
    case 'email':
      return value.toLowerCase();
    case 'phone':
      return value.replace(PHONE_SEPARATORS, '');
    case 'user_id':
    case 'controller_customer_id':
      return value;
    default:
      // advertising and device identifiers are UUID-like and case-insensitive
      return value.toLowerCase();
  }
}

/**
 * Whether the identity of an erasure command names the value a service holds, whichever format the controller
 * sent it in: a raw identity is compared with the stored value normalised, a hashed one (sha256, sha1, md5) with
 * the lower-case hex digest of the stored value normalised the same way.
 *
 * @example
 * ```ts
 * const doomed = users.filter((user) => command.subject.identities.some((id) => matchesIdentity(id, user.email)));
 * ```
 */
export function matchesIdentity(identity: SubjectIdentity, rawStoredValue: string): boolean {
  const normalised = normaliseIdentityValue(identity.type, rawStoredValue);
  if (!identity.format) return sameText(normalised, identity.value);
  const digest = createHash(identity.format).update(normalised, 'utf8').digest('hex');
  return sameText(digest, identity.value.trim().toLowerCase());
}

/** Constant-time, so a service answering lookups does not leak how much of a digest matched. */
function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
