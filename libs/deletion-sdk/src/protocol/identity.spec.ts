import { IDENTITY_TYPES, isIdentityType } from './identity';

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
