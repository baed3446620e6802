import {
  HASHED_IDENTITY_HEX_LENGTH,
  IDENTITY_TYPES,
  isHashedIdentityFormat,
  isIdentityFormat,
  isIdentityType,
} from './identity';

describe('identity', () => {
  it("includes Lethe's own identity types and the OpenDSR ones", () => {
    expect(IDENTITY_TYPES).toEqual(
      expect.arrayContaining(['email', 'user_id', 'phone', 'controller_customer_id']),
    );
    expect(new Set(IDENTITY_TYPES).size).toBe(IDENTITY_TYPES.length);
  });

  it.each(IDENTITY_TYPES)('recognises %s', (type) => {
    expect(isIdentityType(type)).toBe(true);
  });

  it.each([['Email'], ['ssn'], [''], [undefined], [null], [42], [{}]])('rejects %p', (value) => {
    expect(isIdentityType(value)).toBe(false);
  });
});

describe('identity formats', () => {
  it.each(['sha256', 'sha1', 'md5'])('knows %s as a hashed format', (format) => {
    expect(isHashedIdentityFormat(format)).toBe(true);
    expect(isIdentityFormat(format)).toBe(true);
  });

  it('treats raw as a format that is not hashed', () => {
    expect(isIdentityFormat('raw')).toBe(true);
    expect(isHashedIdentityFormat('raw')).toBe(false);
  });

  it.each([['SHA256'], ['sha512'], [''], [undefined], [7]])('rejects %p', (value) => {
    expect(isIdentityFormat(value)).toBe(false);
  });

  it('gives the hex length of every hashed format', () => {
    expect(HASHED_IDENTITY_HEX_LENGTH).toEqual({ sha256: 64, sha1: 40, md5: 32 });
  });
});
