import { sign, verify } from 'node:crypto';
import { CommandSigningKey, parseCommandPublicKey } from './command-signing';

/**
 * Signed deletion receipts: the coordinator's statement, for an auditor or the subject's controller, of how one
 * erasure request ended. Pure and framework-free so the coordinator (which signs), the `lethe receipt verify` CLI
 * and any service or auditor holding only the public key verify with the same code.
 *
 * Canonical form (what the signature covers): the receipt WITHOUT its `signature` member, serialised as JSON with
 * the members of every object sorted by key (UTF-16 code unit order), arrays in their order, no whitespace, strings
 * and numbers as JSON.stringify writes them, encoded as UTF-8. Ed25519 over those bytes, under a key that signs
 * nothing but receipts (its own HKDF purpose), so no command or other message can be passed off as a receipt.
 */
export const DELETION_RECEIPT_TYPE = 'lethe.deletion-receipt';
export const DELETION_RECEIPT_VERSION = 1;
export const RECEIPT_SIGNATURE_ALGORITHM = 'Ed25519';

const ED25519_SIGNATURE_BYTES = 64;

export interface ReceiptIdentityHash {
  type: string;
  /** HMAC-SHA256 of `type:normalised value` under the coordinator's identity-hash key, hex. */
  hash: string;
}

export interface ReceiptRequest {
  id: string;
  externalId: string | null;
  regulation: string;
  /** `completed` or `cancelled`: receipts are issued for finished requests only. */
  status: string;
  submittedAt: string;
  dueAt: string;
  completedAt: string | null;
  cancelledAt: string | null;
  identityHashes: ReceiptIdentityHash[];
}

export interface ReceiptServiceOutcome {
  service: string;
  status: string;
  recordsAffected: number | null;
  retention: { basis: string; note: string | null } | null;
  completedAt: string | null;
}

export interface ReceiptLegalHold {
  holdId: string;
  basis: string;
  /** The provision of the request's law the data was kept under. */
  legalBasis: string;
  placedAt: string;
  heldAt: string;
  releasedAt: string | null;
  /** The erasure opened for this request when the hold ended; null while it is still owed. */
  followUpRequestId: string | null;
}

/** The head of the request's audit stream when the receipt was issued. */
export interface ReceiptAuditChainHead {
  stream: string;
  seq: number;
  hash: string;
}

export interface DeletionReceiptDocument {
  v: typeof DELETION_RECEIPT_VERSION;
  type: typeof DELETION_RECEIPT_TYPE;
  request: ReceiptRequest;
  services: ReceiptServiceOutcome[];
  legalHold: ReceiptLegalHold | null;
  auditChain: ReceiptAuditChainHead;
  issuedAt: string;
  /** Id of the receipt-signing key; part of the signed content, so it cannot be swapped. */
  keyId: string;
}

export interface DeletionReceipt extends DeletionReceiptDocument {
  signature: { algorithm: typeof RECEIPT_SIGNATURE_ALGORITHM; value: string };
}

/** A public key a receipt is checked with; without an id it is tried whatever key id the receipt names. */
export interface ReceiptVerificationKey {
  id?: string;
  /** SPKI PEM or the 32-byte raw Ed25519 key in base64. */
  publicKey: string;
}

export type ReceiptVerdict = { valid: true; keyId: string } | { valid: false; reason: string };

/**
 * The canonical JSON text of a value (see the module comment). Anything JSON cannot carry exactly — undefined,
 * functions, non-finite numbers, dates, class instances — is refused rather than silently dropped or converted,
 * so what is signed is exactly what a verifier will parse back.
 */
export function canonicalReceiptJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('a receipt holds only finite numbers');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalReceiptJson).join(',')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalReceiptJson(record[key])}`);
    return `{${members.join(',')}}`;
  }
  throw new TypeError(`a receipt cannot hold a value of type ${typeof value}`);
}

/** The bytes a receipt's signature covers: the canonical form of everything but the signature itself. */
export function receiptSignedBytes(receipt: DeletionReceiptDocument | Record<string, unknown>): Buffer {
  const { signature: _signature, ...document } = receipt as Record<string, unknown>;
  return Buffer.from(canonicalReceiptJson(document), 'utf8');
}

/** Signs a receipt document; the key id in the document must be the signing key's. */
export function signDeletionReceipt(
  document: DeletionReceiptDocument,
  key: CommandSigningKey,
): DeletionReceipt {
  if (document.keyId !== key.id) {
    throw new RangeError(`the receipt names key "${document.keyId}" but is signed with "${key.id}"`);
  }
  const value = sign(null, receiptSignedBytes(document), key.privateKey).toString('base64');
  return { ...document, signature: { algorithm: RECEIPT_SIGNATURE_ALGORITHM, value } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a receipt as parsed from its JSON (an unknown value: a file, an HTTP body). Valid only if it is a
 * receipt of this version, names a key id one of `keys` accepts, and its signature verifies over the canonical
 * form. Never throws for a bad receipt: every refusal is a verdict with a reason a person can act on (a
 * malformed public key, which is configuration, throws RangeError).
 */
export function verifyDeletionReceipt(
  receipt: unknown,
  keys: readonly ReceiptVerificationKey[],
): ReceiptVerdict {
  if (!isRecord(receipt)) return { valid: false, reason: 'not a receipt: expected a JSON object' };
  if (receipt.type !== DELETION_RECEIPT_TYPE || receipt.v !== DELETION_RECEIPT_VERSION) {
    return { valid: false, reason: `not a ${DELETION_RECEIPT_TYPE} v${DELETION_RECEIPT_VERSION} document` };
  }
  const { signature, keyId } = receipt;
  if (typeof keyId !== 'string' || keyId === '')
    return { valid: false, reason: 'the receipt names no key id' };
  if (!isRecord(signature) || signature.algorithm !== RECEIPT_SIGNATURE_ALGORITHM) {
    return { valid: false, reason: `the receipt carries no ${RECEIPT_SIGNATURE_ALGORITHM} signature` };
  }
  const value = signature.value;
  const bytes = typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.alloc(0);
  // Node's base64 decoder skips junk; insist on the canonical encoding so one signature has one spelling
  if (
    typeof value !== 'string' ||
    bytes.length !== ED25519_SIGNATURE_BYTES ||
    bytes.toString('base64') !== value
  ) {
    return { valid: false, reason: 'the signature is not 64 bytes of base64' };
  }
  if (Object.keys(signature).length !== 2) {
    return { valid: false, reason: 'the signature member carries unexpected fields' };
  }
  const candidates = keys.filter((key) => key.id === undefined || key.id === keyId);
  if (candidates.length === 0) {
    return { valid: false, reason: `no public key for the receipt's key id "${keyId}"` };
  }
  let signed: Buffer;
  try {
    signed = receiptSignedBytes(receipt);
  } catch (error) {
    return { valid: false, reason: `the receipt is not canonical JSON: ${(error as Error).message}` };
  }
  for (const key of candidates) {
    if (verify(null, signed, parseCommandPublicKey(key.publicKey), bytes)) return { valid: true, keyId };
  }
  return { valid: false, reason: `the signature does not match the receipt-signing key "${keyId}"` };
}
