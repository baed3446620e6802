import { randomBytes } from 'node:crypto';
import { openPayload, RandomPool, SEAL_RANDOM_BYTES, SealedPayload, sealPayload } from './identity-vault';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 8);
const PAYLOAD = {
  identities: [
    { type: 'email', value: 'alice@example.org' },
    { type: 'phone', value: '+442071838750' },
  ],
};

/** iv (12) + GCM tag (16) in front of every sealed body. */
const OVERHEAD = 28;

const flipByte = (buffer: Buffer, index: number): Buffer => {
  const copy = Buffer.from(buffer);
  copy[index] ^= 0x01;
  return copy;
};

describe('identity-vault', () => {
  describe(sealPayload.name, () => {
    it('wraps a fresh 32-byte data key and never stores the payload in the clear', () => {
      const sealed = sealPayload(KEY, PAYLOAD);
      const plaintext = Buffer.from(JSON.stringify(PAYLOAD));
      expect(sealed.wrappedDataKey).toHaveLength(OVERHEAD + 32);
      expect(sealed.ciphertext).toHaveLength(OVERHEAD + plaintext.length);
      expect(sealed.ciphertext.includes(Buffer.from('alice@example.org'))).toBe(false);
      expect(sealed.ciphertext.includes(Buffer.from('+442071838750'))).toBe(false);
    });

    it('seals the same payload differently every time (fresh data key and IVs)', () => {
      const first = sealPayload(KEY, PAYLOAD);
      const second = sealPayload(KEY, PAYLOAD);
      expect(first.ciphertext.equals(second.ciphertext)).toBe(false);
      expect(first.wrappedDataKey.equals(second.wrappedDataKey)).toBe(false);
      expect(first.ciphertext.subarray(0, 12).equals(second.ciphertext.subarray(0, 12))).toBe(false);
    });
  });

  describe(RandomPool.name, () => {
    it('hands out every byte of its blocks once, in order, across block boundaries', () => {
      const pool = new RandomPool(100);
      const taken = Array.from({ length: 30 }, () => pool.take(SEAL_RANDOM_BYTES));
      expect(taken.every((bytes) => bytes.length === SEAL_RANDOM_BYTES)).toBe(true);
      // 56-byte draws from 100-byte blocks: no two draws share a byte range, so none is equal to another
      expect(new Set(taken.map((bytes) => bytes.toString('hex'))).size).toBe(taken.length);
      expect(pool.take(500)).toHaveLength(500);
    });

    it('seals with a data key and IVs of its own per payload, which open as usual', () => {
      const pool = new RandomPool();
      const sealed = Array.from({ length: 50 }, () => sealPayload(KEY, PAYLOAD, pool.take));
      for (const one of sealed) expect(openPayload(KEY, one)).toEqual(PAYLOAD);
      const ivs = sealed.flatMap((one) => [one.ciphertext, one.wrappedDataKey].map((b) => b.subarray(0, 12)));
      expect(new Set(ivs.map((iv) => iv.toString('hex'))).size).toBe(ivs.length);
      // a payload's ciphertext does not open under another payload's data key
      expect(() =>
        openPayload(KEY, { ciphertext: sealed[0].ciphertext, wrappedDataKey: sealed[1].wrappedDataKey }),
      ).toThrow();
    });
  });

  describe(openPayload.name, () => {
    it.each<[string, unknown]>([
      ['identities', PAYLOAD],
      ['a string with non-ASCII characters', 'Zoë Łukasz 😀'],
      ['an empty object', {}],
      ['an array', [1, 'two', null, { three: true }]],
      ['null', null],
    ])('round-trips %s', (_case, payload) => {
      expect(openPayload(KEY, sealPayload(KEY, payload))).toEqual(payload);
    });

    it('round-trips a large payload', () => {
      const identities = Array.from({ length: 50 }, (_, index) => ({
        type: 'user_id',
        value: randomBytes(64).toString('hex') + index,
      }));
      expect(openPayload(KEY, sealPayload(KEY, { identities }))).toEqual({ identities });
    });

    it('fails with the wrong wrapping key', () => {
      const sealed = sealPayload(KEY, PAYLOAD);
      expect(() => openPayload(OTHER_KEY, sealed)).toThrow(/unable to authenticate/);
    });

    it.each([
      ['IV', 0],
      ['auth tag', 12],
      ['first body byte', OVERHEAD],
      ['last body byte', -1],
    ])('fails when the ciphertext’s %s was tampered with', (_part, index) => {
      const sealed = sealPayload(KEY, PAYLOAD);
      const at = index < 0 ? sealed.ciphertext.length + index : index;
      const tampered: SealedPayload = { ...sealed, ciphertext: flipByte(sealed.ciphertext, at) };
      expect(() => openPayload(KEY, tampered)).toThrow(/unable to authenticate/);
    });

    it.each([
      ['IV', 0],
      ['auth tag', 12],
      ['wrapped key', OVERHEAD + 5],
    ])('fails when the wrapped data key’s %s was tampered with', (_part, index) => {
      const sealed = sealPayload(KEY, PAYLOAD);
      const tampered: SealedPayload = { ...sealed, wrappedDataKey: flipByte(sealed.wrappedDataKey, index) };
      expect(() => openPayload(KEY, tampered)).toThrow(/unable to authenticate/);
    });

    it('fails when the ciphertext is truncated', () => {
      const sealed = sealPayload(KEY, PAYLOAD);
      const truncated: SealedPayload = { ...sealed, ciphertext: sealed.ciphertext.subarray(0, -1) };
      expect(() => openPayload(KEY, truncated)).toThrow();
    });

    it('fails when a ciphertext is paired with another payload’s data key', () => {
      const first = sealPayload(KEY, PAYLOAD);
      const second = sealPayload(KEY, PAYLOAD);
      const mixed: SealedPayload = { ciphertext: first.ciphertext, wrappedDataKey: second.wrappedDataKey };
      expect(() => openPayload(KEY, mixed)).toThrow(/unable to authenticate/);
    });

    it('cannot open a payload whose wrapped data key was shredded', () => {
      const sealed = sealPayload(KEY, PAYLOAD);
      const shredded: SealedPayload = { ...sealed, wrappedDataKey: Buffer.alloc(0) };
      expect(() => openPayload(KEY, shredded)).toThrow();
    });
  });
});
