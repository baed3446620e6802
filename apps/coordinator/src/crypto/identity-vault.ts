import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Envelope encryption for the raw identities a request needs for dispatch: each request gets its own data key,
 * stored only wrapped by the coordinator's key. Deleting the wrapped key ("crypto-shredding") makes the
 * identities unrecoverable without touching the ledger.
 */
export interface SealedPayload {
  ciphertext: Buffer;
  wrappedDataKey: Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

function seal(key: Buffer, plaintext: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Buffer): Buffer {
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

export function sealPayload(wrappingKey: Buffer, payload: unknown): SealedPayload {
  const dataKey = randomBytes(32);
  return {
    ciphertext: seal(dataKey, Buffer.from(JSON.stringify(payload))),
    wrappedDataKey: seal(wrappingKey, dataKey),
  };
}

export function openPayload<T>(wrappingKey: Buffer, sealed: SealedPayload): T {
  const dataKey = open(wrappingKey, sealed.wrappedDataKey);
  return JSON.parse(open(dataKey, sealed.ciphertext).toString('utf8')) as T;
}
