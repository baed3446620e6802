import { createHmac, timingSafeEqual } from 'node:crypto';
import { ProtocolError, ProtocolErrorCode } from './protocol.errors';
import {
  KEY_ID_HEADER,
  MessageHeaders,
  MessageSigner,
  MessageVerifier,
  readSignature,
  SIGNATURE_HEADER,
  SignedMessage,
  signedContent,
} from './signing';

/** Services sign results and announcements with HMAC-SHA256 under their own secret. */
export const SERVICE_SIGNATURE_SCHEME = 'sha256';

/** A per-service HMAC secret. `id` travels with every message so secrets can be rotated without downtime. */
export interface SigningKey {
  id: string;
  secret: string;
}

/** Finds the secret a service signs with under a key id; undefined when the id is unknown. */
export type SecretLookup = (keyId: string, service: string) => string | undefined;

function hmac(secret: string, message: SignedMessage): string {
  return createHmac('sha256', secret).update(signedContent(message)).digest('hex');
}

/** Signs what a service sends (results, announcements) with the service's own secret. */
export function serviceSigner(key: SigningKey): MessageSigner {
  return {
    keyId: key.id,
    sign: (message) => ({
      [KEY_ID_HEADER]: key.id,
      [SIGNATURE_HEADER]: `${SERVICE_SIGNATURE_SCHEME}=${hmac(key.secret, message)}`,
    }),
  };
}

/**
 * Checks that a message was signed by the service it claims to come from. The secret is chosen by the claimed
 * service, so a message claiming to come from `orders` but signed with the `accounts` secret fails here.
 */
export function serviceVerifier(lookup: SecretLookup): MessageVerifier {
  return {
    verify(message: SignedMessage, headers: MessageHeaders | undefined, service: string): void {
      const { keyId, signature } = readSignature(headers, SERVICE_SIGNATURE_SCHEME);
      const secret = lookup(keyId, service);
      if (secret === undefined) {
        throw new ProtocolError(
          ProtocolErrorCode.UnknownSigningKey,
          `unknown signing key "${keyId}" for ${service}`,
        );
      }
      const expected = Buffer.from(hmac(secret, message));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new ProtocolError(ProtocolErrorCode.BadSignature, `signature does not match for ${service}`);
      }
    },
  };
}

/**
 * Derives a service's signing secret from the coordinator's master key, so the coordinator holds one secret
 * while every service gets its own (and a leaked service secret cannot forge another service's results).
 */
export function deriveServiceSecret(masterKey: string, service: string, keyId: string): string {
  return createHmac('sha256', masterKey).update(`lethe/service-signing/v1/${keyId}/${service}`).digest('hex');
}
