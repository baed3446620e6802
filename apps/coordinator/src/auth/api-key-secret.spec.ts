import { createHash } from 'node:crypto';
import { apiKeyPrefix, hashApiKey, issueApiKey } from './api-key-secret';

describe('api-key-secret', () => {
  describe(issueApiKey.name, () => {
    it('issues lethe_<8 base32 chars>_<43 base64url chars>, with its prefix and digest', () => {
      const issued = issueApiKey();
      expect(issued.key).toMatch(/^lethe_[a-z2-7]{8}_[A-Za-z0-9_-]{43}$/);
      expect(issued.key.startsWith(`${issued.prefix}_`)).toBe(true);
      expect(issued.prefix).toMatch(/^lethe_[a-z2-7]{8}$/);
      expect(issued.hash).toBe(createHash('sha256').update(issued.key).digest('hex'));
    });

    it('derives the prefix and secret from the random source', () => {
      const random = (size: number) => Buffer.alloc(size, size === 5 ? 0xff : 0x00);
      const issued = issueApiKey(random);
      expect(issued.prefix).toBe('lethe_77777777');
      expect(issued.key).toBe(`lethe_77777777_${'A'.repeat(43)}`);
    });

    it('encodes every 5-bit group of the prefix', () => {
      // 0x00 0x44 0x32 0x14 0xc7 is 00000 00001 00010 00011 00100 00101 00110 00111
      const random = (size: number) =>
        size === 5 ? Buffer.from([0x00, 0x44, 0x32, 0x14, 0xc7]) : Buffer.alloc(size);
      expect(issueApiKey(random).prefix).toBe('lethe_abcdefgh');
    });

    it('never issues the same key twice', () => {
      const keys = new Set(Array.from({ length: 200 }, () => issueApiKey().key));
      expect(keys.size).toBe(200);
    });

    it('keeps the secret out of the prefix and the digest', () => {
      const issued = issueApiKey();
      const secret = issued.key.slice(issued.prefix.length + 1);
      expect(issued.prefix).not.toContain(secret);
      expect(issued.hash).not.toContain(secret);
    });
  });

  describe(apiKeyPrefix.name, () => {
    it('returns the prefix of an issued key', () => {
      const issued = issueApiKey();
      expect(apiKeyPrefix(issued.key)).toBe(issued.prefix);
    });

    it('accepts secrets that contain the separator', () => {
      expect(apiKeyPrefix(`lethe_abcdefgh_${'_'.repeat(43)}`)).toBe('lethe_abcdefgh');
    });

    it.each([
      ['an empty string', ''],
      ['another scheme', `other_abcdefgh_${'A'.repeat(43)}`],
      ['a short id', `lethe_abcdefg_${'A'.repeat(43)}`],
      ['an id outside base32', `lethe_abcdefg1_${'A'.repeat(43)}`],
      ['a short secret', `lethe_abcdefgh_${'A'.repeat(42)}`],
      ['a long secret', `lethe_abcdefgh_${'A'.repeat(44)}`],
      ['padding', `lethe_abcdefgh_${'A'.repeat(42)}=`],
      ['trailing text', `lethe_abcdefgh_${'A'.repeat(43)} x`],
      ['a bootstrap-style key', 'admin-key-0123456789'],
    ])('rejects %s', (_, presented) => {
      expect(apiKeyPrefix(presented)).toBeUndefined();
    });
  });

  describe(hashApiKey.name, () => {
    it('is the hex SHA-256 of the key', () => {
      expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    });
  });
});
