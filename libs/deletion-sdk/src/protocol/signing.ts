import { createHmac, timingSafeEqual } from 'node:crypto';
import { ProtocolError, ProtocolErrorCode } from './protocol.errors';

export const SIGNATURE_HEADER = 'lethe-signature';
export const KEY_ID_HEADER = 'lethe-key-id';
export const TRACEPARENT_HEADER = 'traceparent';
export const DLQ_REASON_HEADER = 'lethe-dlq-reason';

const SIGNATURE_PREFIX = 'sha256=';

/** A per-service HMAC secret. `id` travels with every message so secrets can be rotated without downtime. */
export interface SigningKey {
  id: string;
  secret: string;
}

/** Finds the secret a service signs with under a key id; undefined when the id is unknown. */
export type SecretLookup = (keyId: string, service: string) => string | undefined;

/** Kafka header values as kafkajs hands them over. */
export type MessageHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

export function headerValue(headers: MessageHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return first === undefined ? undefined : first.toString();
}

function hmac(secret: string, value: Buffer): string {
  return createHmac('sha256', secret).update(value).digest('hex');
}

export function signatureHeaders(value: Buffer, key: SigningKey): Record<string, string> {
  return { [KEY_ID_HEADER]: key.id, [SIGNATURE_HEADER]: SIGNATURE_PREFIX + hmac(key.secret, value) };
}

/**
 * Checks that `value` was signed by `service`. The secret is chosen by the claimed service, so a message claiming
 * to come from `orders` but signed with the `accounts` secret fails here.
 */
export function verifySignature(
  value: Buffer,
  headers: MessageHeaders | undefined,
  service: string,
  lookup: SecretLookup,
): void {
  const keyId = headerValue(headers, KEY_ID_HEADER);
  const signature = headerValue(headers, SIGNATURE_HEADER);
  if (!keyId || !signature) {
    throw new ProtocolError(ProtocolErrorCode.MissingSignature, `message has no ${SIGNATURE_HEADER} header`);
  }
  const secret = lookup(keyId, service);
  if (secret === undefined) {
    throw new ProtocolError(
      ProtocolErrorCode.UnknownSigningKey,
      `unknown signing key "${keyId}" for ${service}`,
    );
  }
  const expected = Buffer.from(SIGNATURE_PREFIX + hmac(secret, value));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ProtocolError(ProtocolErrorCode.BadSignature, `signature does not match for ${service}`);
  }
}

/**
 * Derives a service's signing secret from the coordinator's master key, so the coordinator holds one secret
 * while every service gets its own (and a leaked service secret cannot forge another service's results).
 */
export function deriveServiceSecret(masterKey: string, service: string, keyId: string): string {
  return createHmac('sha256', masterKey).update(`lethe/service-signing/v1/${keyId}/${service}`).digest('hex');
}
