import { createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
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

/**
 * Commands are signed by the coordinator alone, with Ed25519: services hold only its public keys, so a leaked
 * service secret (which signs results) can never forge a command.
 */
export const COMMAND_SIGNATURE_SCHEME = 'ed25519';

/** The coordinator's private command-signing key under a key id. */
export interface CommandSigningKey {
  id: string;
  privateKey: KeyObject;
}

/** A coordinator public key a service accepts commands under. */
export interface CommandVerificationKey {
  /** The key id commands carry in `lethe-key-id`, e.g. `k1`. */
  id: string;
  /** SPKI PEM (`-----BEGIN PUBLIC KEY-----`) or the 32-byte raw key in base64, as `npm run command-public-key` prints. */
  publicKey: string;
}

// DER headers that turn a raw 32-byte Ed25519 seed / public key into PKCS#8 / SPKI (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const ED25519_KEY_BYTES = 32;
const ED25519_SIGNATURE_BYTES = 64;

/** Builds the signing key from a 32-byte seed, so the coordinator can derive it from its one root secret. */
export function commandSigningKeyFromSeed(id: string, seed: Buffer): CommandSigningKey {
  if (seed.length !== ED25519_KEY_BYTES) {
    throw new RangeError(`an Ed25519 seed has ${ED25519_KEY_BYTES} bytes, got ${seed.length}`);
  }
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return { id, privateKey };
}

/** The public half of a signing key in both published forms. */
export function commandPublicKey(key: CommandSigningKey): { id: string; raw: string; pem: string } {
  const publicKey = createPublicKey(key.privateKey);
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return {
    id: key.id,
    raw: der.subarray(SPKI_ED25519_PREFIX.length).toString('base64'),
    pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/** Reads a public key given as SPKI PEM or as base64 of the raw 32 bytes; throws RangeError otherwise. */
export function parseCommandPublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    if (trimmed.startsWith('-----BEGIN')) {
      key = createPublicKey({ key: trimmed, format: 'pem' });
    } else {
      const raw = Buffer.from(trimmed, 'base64');
      if (raw.length !== ED25519_KEY_BYTES || raw.toString('base64') !== trimmed) throw new Error('length');
      key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
    }
  } catch {
    throw new RangeError('not an Ed25519 public key: expected SPKI PEM or 32 bytes in base64');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new RangeError(`not an Ed25519 public key: got a ${String(key.asymmetricKeyType)} key`);
  }
  return key;
}

/** Signs commands with the coordinator's private key. */
export function commandSigner(key: CommandSigningKey): MessageSigner {
  return {
    keyId: key.id,
    sign: (message) => ({
      [KEY_ID_HEADER]: key.id,
      [SIGNATURE_HEADER]: `${COMMAND_SIGNATURE_SCHEME}=${sign(null, signedContent(message), key.privateKey).toString('base64')}`,
    }),
  };
}

/**
 * Accepts commands signed by any of the given coordinator keys (several during a key rotation). The claimed
 * service plays no part: the coordinator signs for every service with the same key.
 */
export function commandVerifier(keys: readonly CommandVerificationKey[]): MessageVerifier {
  const byId = new Map(keys.map((key) => [key.id, parseCommandPublicKey(key.publicKey)]));
  return {
    verify(message: SignedMessage, headers: MessageHeaders | undefined): void {
      const { keyId, signature } = readSignature(headers, COMMAND_SIGNATURE_SCHEME);
      const publicKey = byId.get(keyId);
      if (publicKey === undefined) {
        throw new ProtocolError(
          ProtocolErrorCode.UnknownSigningKey,
          `unknown command signing key "${keyId}"`,
        );
      }
      const bytes = Buffer.from(signature, 'base64');
      // Node's base64 decoder skips junk; insist on the canonical encoding so one signature has one spelling.
      const canonical = bytes.length === ED25519_SIGNATURE_BYTES && bytes.toString('base64') === signature;
      if (!canonical || !verify(null, signedContent(message), publicKey, bytes)) {
        throw new ProtocolError(
          ProtocolErrorCode.BadSignature,
          "signature does not match the coordinator's command key",
        );
      }
    },
  };
}
