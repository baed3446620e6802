import { parsePhoneNumberFromString } from 'libphonenumber-js';
import {
  HASHED_IDENTITY_HEX_LENGTH,
  HashedIdentityFormat,
  IdentityType,
  SubjectIdentity,
} from '@lethe/deletion-sdk/protocol';
import { ErasureRequestErrorCode, ErasureRequestException } from './erasure-request.exception';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HEX = /^[0-9a-f]+$/;

/**
 * Brings every identity to one canonical form before it is hashed or dispatched, so `A@Example.org ` and
 * `a@example.org` are the same person to the ledger and to every service.
 */
export function normaliseIdentity(type: IdentityType, rawValue: string): string {
  const value = rawValue.trim();
  switch (type) {
    case 'email': {
      const email = value.toLowerCase();
      if (!EMAIL.test(email)) throw invalid(type, 'is not a valid email address');
      return email;
    }
    case 'phone': {
      const phone = parsePhoneNumberFromString(value);
      if (!phone || !phone.isValid())
        throw invalid(type, 'must be an international number, e.g. +14155550123');
      return phone.format('E.164');
    }
    case 'user_id':
    case 'controller_customer_id':
      if (!value) throw invalid(type, 'must not be empty');
      return value;
    default:
      // advertising and device identifiers are UUID-like and case-insensitive
      if (!value) throw invalid(type, 'must not be empty');
      return value.toLowerCase();
  }
}

/**
 * A hashed identity (an OpenDSR controller's sha256 of an email, …) cannot be normalised: the controller hashed
 * the normalised value. It is only checked to be a digest of the right length, so a truncated one is refused
 * instead of silently never matching, and lower-cased so the same digest in either case is one identity.
 */
export function normaliseHashedIdentity(
  type: IdentityType,
  format: HashedIdentityFormat,
  rawValue: string,
): string {
  const value = rawValue.trim().toLowerCase();
  const length = HASHED_IDENTITY_HEX_LENGTH[format];
  if (value.length !== length || !HEX.test(value)) {
    throw invalid(type, `in format ${format} must be ${length} hexadecimal characters`);
  }
  return value;
}

/** Normalises and removes duplicates that only differed in form. */
export function normaliseIdentities(identities: readonly SubjectIdentity[]): SubjectIdentity[] {
  const seen = new Set<string>();
  const result: SubjectIdentity[] = [];
  for (const identity of identities) {
    const { type, format } = identity;
    const value = format
      ? normaliseHashedIdentity(type, format, identity.value)
      : normaliseIdentity(type, identity.value);
    const key = `${type}:${format ?? 'raw'}:${value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(format ? { type, value, format } : { type, value });
  }
  return result;
}

/** The key an identity is hashed under in the ledger: a digest is a different value from the raw identity. */
export function identityHashType(identity: SubjectIdentity): string {
  return identity.format ? `${identity.type}/${identity.format}` : identity.type;
}

/** Masks a value for display: `a***@example.org`, `+1******0123`, `ab***`. */
export function maskIdentity(type: IdentityType, value: string): string {
  if (type === 'email') {
    const [local, domain] = value.split('@');
    return `${local.slice(0, 1)}***@${domain}`;
  }
  if (type === 'phone') return `${value.slice(0, 2)}******${value.slice(-4)}`;
  // a short identifier would be shown whole by its first two characters
  return value.length > 6 ? `${value.slice(0, 2)}***` : '***';
}

function invalid(type: IdentityType, reason: string): ErasureRequestException {
  return new ErasureRequestException(
    ErasureRequestErrorCode.InvalidIdentity,
    `identity of type ${type} ${reason}`,
  );
}
