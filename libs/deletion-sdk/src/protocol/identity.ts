/**
 * Identity types a subject can be named by. `email`, `user_id` and `phone` are Lethe's own; the rest are the
 * OpenDSR identity types so requests arriving over OpenDSR can be dispatched unchanged.
 */
export const IDENTITY_TYPES = [
  'email',
  'user_id',
  'phone',
  'android_advertising_id',
  'android_id',
  'fire_advertising_id',
  'ios_advertising_id',
  'ios_vendor_id',
  'microsoft_advertising_id',
  'microsoft_publisher_id',
  'roku_advertising_id',
  'roku_publisher_id',
  'controller_customer_id',
] as const;

export type IdentityType = (typeof IDENTITY_TYPES)[number];

/**
 * How an identity's value is encoded. `raw` is the value itself; the others are the lower-case hex digest of the
 * normalised value (see `normaliseIdentityValue`), as an OpenDSR controller may send it.
 */
export const IDENTITY_FORMATS = ['raw', 'sha256', 'sha1', 'md5'] as const;

export type IdentityFormat = (typeof IDENTITY_FORMATS)[number];

export type HashedIdentityFormat = Exclude<IdentityFormat, 'raw'>;

/** Hex length of each digest, so a hashed value of the wrong size is refused instead of never matching. */
export const HASHED_IDENTITY_HEX_LENGTH: Record<HashedIdentityFormat, number> = {
  sha256: 64,
  sha1: 40,
  md5: 32,
};

export interface SubjectIdentity {
  type: IdentityType;
  value: string;
  /**
   * Absent for a raw value. When set, `value` is the hex digest of the normalised identity and services compare
   * it with `matchesIdentity` rather than looking the value up directly.
   */
  format?: HashedIdentityFormat;
}

export function isIdentityType(value: unknown): value is IdentityType {
  return typeof value === 'string' && (IDENTITY_TYPES as readonly string[]).includes(value);
}

export function isIdentityFormat(value: unknown): value is IdentityFormat {
  return typeof value === 'string' && (IDENTITY_FORMATS as readonly string[]).includes(value);
}

export function isHashedIdentityFormat(value: unknown): value is HashedIdentityFormat {
  return value !== 'raw' && isIdentityFormat(value);
}
