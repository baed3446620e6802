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

export interface SubjectIdentity {
  type: IdentityType;
  value: string;
}

export function isIdentityType(value: unknown): value is IdentityType {
  return typeof value === 'string' && (IDENTITY_TYPES as readonly string[]).includes(value);
}
