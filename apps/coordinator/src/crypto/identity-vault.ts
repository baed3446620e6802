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
const DATA_KEY_BYTES = 32;
/** What one sealPayload draws from its random source: the data key and two IVs. */
export const SEAL_RANDOM_BYTES = DATA_KEY_BYTES + 2 * IV_BYTES;

/** Fresh cryptographically random bytes, never handed out twice: `randomBytes`, or a RandomPool. */
export type RandomSource = (size: number) => Buffer;

function seal(key: Buffer, plaintext: Buffer, random: RandomSource): Buffer {
  const iv = random(IV_BYTES);
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

/** Seals `payload` under a data key of its own, returned wrapped by `wrappingKey`. */
export function sealPayload(
  wrappingKey: Buffer,
  payload: unknown,
  random: RandomSource = randomBytes,
): SealedPayload {
  const dataKey = random(DATA_KEY_BYTES);
  return {
    ciphertext: seal(dataKey, Buffer.from(JSON.stringify(payload)), random),
    wrappedDataKey: seal(wrappingKey, dataKey, random),
  };
}

/**
 * Random bytes drawn from `randomBytes` a block at a time and handed out in order, each byte once: the same
 * CSPRNG output as one call per key or IV, without the cost of a call each (a bulk upload seals every line).
 * One pool per upload, dropped with it.
 */
export class RandomPool {
  private block = Buffer.alloc(0);
  private offset = 0;

  constructor(private readonly blockBytes = 64 * 1024) {}

  readonly take: RandomSource = (size) => {
    if (size > this.blockBytes) return randomBytes(size);
    if (this.offset + size > this.block.length) {
      this.block = randomBytes(this.blockBytes);
      this.offset = 0;
    }
    // a copy, so a data key kept by a caller does not pin the block nor share memory with other keys
    const bytes = Buffer.from(this.block.subarray(this.offset, this.offset + size));
    // and wiped from the pool: a data key handed out is held only where its caller keeps it
    this.block.fill(0, this.offset, this.offset + size);
    this.offset += size;
    return bytes;
  };
}

export function openPayload<T>(wrappingKey: Buffer, sealed: SealedPayload): T {
  const dataKey = open(wrappingKey, sealed.wrappedDataKey);
  return JSON.parse(open(dataKey, sealed.ciphertext).toString('utf8')) as T;
}
