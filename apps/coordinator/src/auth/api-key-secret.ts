import { createHash, randomBytes } from 'node:crypto';

/**
 * The format of issued API keys: `lethe_<id>_<secret>`. The `lethe_<id>` part is the key's non-secret prefix,
 * shown in lists and logs so a key can be recognised without being revealed; the secret is 256 random bits.
 * Only a SHA-256 digest of the whole key is stored: the key is high-entropy, so a slow password hash would add
 * cost to every request without adding safety.
 */
export const API_KEY_SCHEME = 'lethe';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const ID_BYTES = 5; // 40 bits, eight base32 characters
const SECRET_BYTES = 32;
const API_KEY_PATTERN = /^(lethe_[a-z2-7]{8})_[A-Za-z0-9_-]{43}$/;

export interface IssuedApiKey {
  /** The whole key, given to its holder once and never stored. */
  key: string;
  /** `lethe_<id>`: identifies the key in lists and logs. */
  prefix: string;
  /** Hex SHA-256 digest of `key`, the only form stored. */
  hash: string;
}

export function issueApiKey(random: (size: number) => Buffer = randomBytes): IssuedApiKey {
  const prefix = `${API_KEY_SCHEME}_${base32(random(ID_BYTES))}`;
  const key = `${prefix}_${random(SECRET_BYTES).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The prefix of a well-formed key; undefined for anything that cannot be an issued key. */
export function apiKeyPrefix(presented: string): string | undefined {
  return API_KEY_PATTERN.exec(presented)?.[1];
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ID_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ID_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}
