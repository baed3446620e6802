import { createHash } from 'node:crypto';
import { SubjectIdentity } from './identity';
import { matchesIdentity, normaliseIdentityValue } from './identity-matching';

const hex = (algorithm: string, text: string) => createHash(algorithm).update(text).digest('hex');

describe(matchesIdentity.name, () => {
  it.each(['sha256', 'sha1', 'md5'] as const)(
    'matches a %s email against the stored value in any case and spacing',
    (format) => {
      const identity: SubjectIdentity = { type: 'email', value: hex(format, 'ada@example.org'), format };
      expect(matchesIdentity(identity, ' Ada@Example.ORG ')).toBe(true);
      expect(matchesIdentity(identity, 'ada@example.com')).toBe(false);
    },
  );

  it('accepts an upper-case digest from the controller', () => {
    const identity: SubjectIdentity = {
      type: 'email',
      value: hex('sha256', 'ada@example.org').toUpperCase(),
      format: 'sha256',
    };
    expect(matchesIdentity(identity, 'ada@example.org')).toBe(true);
  });

  it('does not mistake a digest of another algorithm for a match', () => {
    const identity: SubjectIdentity = { type: 'email', value: hex('sha1', 'ada@example.org'), format: 'md5' };
    expect(matchesIdentity(identity, 'ada@example.org')).toBe(false);
  });

  it('compares a raw identity with the stored value normalised', () => {
    expect(matchesIdentity({ type: 'email', value: 'ada@example.org' }, 'ADA@example.org')).toBe(true);
    expect(matchesIdentity({ type: 'email', value: 'ada@example.org' }, 'bob@example.org')).toBe(false);
    expect(matchesIdentity({ type: 'user_id', value: 'U-1' }, 'u-1')).toBe(false);
  });

  it('hashes advertising identifiers lower-cased, as the coordinator normalises them', () => {
    const idfa = '6D92078A-8246-4BA4-AE5B-76104861E7DC';
    const identity: SubjectIdentity = {
      type: 'ios_advertising_id',
      value: hex('sha256', idfa.toLowerCase()),
      format: 'sha256',
    };
    expect(matchesIdentity(identity, idfa)).toBe(true);
  });

  it('matches a hashed phone number stored with separators against its E.164 digest', () => {
    const identity: SubjectIdentity = {
      type: 'phone',
      value: hex('sha256', '+442079460958'),
      format: 'sha256',
    };
    expect(matchesIdentity(identity, '+44 (20) 7946-0958')).toBe(true);
  });
});

describe(normaliseIdentityValue.name, () => {
  it.each([
    ['email', '  A@B.Org ', 'a@b.org'],
    ['phone', '+1 415.555-0123', '+14155550123'],
    ['user_id', ' Case-Kept ', 'Case-Kept'],
    ['controller_customer_id', 'C-9', 'C-9'],
    ['android_advertising_id', 'ABC-def', 'abc-def'],
  ] as const)('%s %p → %p', (type, raw, expected) => {
    expect(normaliseIdentityValue(type, raw)).toBe(expected);
  });
});
