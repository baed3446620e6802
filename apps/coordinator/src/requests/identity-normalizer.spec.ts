import { IDENTITY_TYPES, IdentityType, SubjectIdentity } from '@lethe/deletion-sdk';
import { ErasureRequestErrorCode, ErasureRequestException } from './erasure-request.exception';
import {
  identityHashType,
  maskIdentity,
  normaliseHashedIdentity,
  normaliseIdentities,
  normaliseIdentity,
} from './identity-normalizer';

const ADVERTISING_TYPES = IDENTITY_TYPES.filter(
  (type) => !['email', 'phone', 'user_id', 'controller_customer_id'].includes(type),
);

function rejection(run: () => unknown): ErasureRequestException {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ErasureRequestException);
    return err as ErasureRequestException;
  }
  throw new Error('expected the identity to be rejected');
}

/** Asserts the rejection is a non-retriable INVALID_IDENTITY that does not echo the personal data it was given. */
function expectInvalidIdentity(type: IdentityType, rawValue: string): ErasureRequestException {
  const error = rejection(() => normaliseIdentity(type, rawValue));
  expect(error.code).toBe(ErasureRequestErrorCode.InvalidIdentity);
  expect(error.retriable).toBe(false);
  expect(error.message).toContain(`identity of type ${type}`);
  const trimmed = rawValue.trim();
  if (trimmed) expect(error.message).not.toContain(trimmed);
  return error;
}

describe('identity-normalizer', () => {
  describe(normaliseIdentity.name, () => {
    describe('email', () => {
      it.each([
        ['a@example.org', 'a@example.org'],
        ['  Alice.Smith@Example.ORG \n', 'alice.smith@example.org'],
        ['ALICE+news@MAIL.Example.co.uk', 'alice+news@mail.example.co.uk'],
        ['\tbob@example.io\t', 'bob@example.io'],
      ])('%j → %j', (raw, normalised) => {
        expect(normaliseIdentity('email', raw)).toBe(normalised);
      });

      it.each([
        '',
        '   ',
        'alice',
        'alice@',
        '@example.org',
        'alice@example',
        'alice@@example.org',
        'alice smith@example.org',
        'alice@exa mple.org',
        'alice@example.org, bob@example.org',
      ])('rejects %j without echoing it', (raw) => {
        const error = expectInvalidIdentity('email', raw);
        expect(error.message).toBe('identity of type email is not a valid email address');
      });
    });

    describe('phone', () => {
      it.each([
        ['+44 20 7183 8750', '+442071838750'],
        ['+442071838750', '+442071838750'],
        ['  +44 (0)20 7183 8750 ', '+442071838750'],
        ['+1 (415) 555-0123', '+14155550123'],
        ['+1 415 555 0123', '+14155550123'],
        ['+49 30 901820', '+4930901820'],
      ])('%j → %j (E.164)', (raw, normalised) => {
        expect(normaliseIdentity('phone', raw)).toBe(normalised);
      });

      it.each([
        ['a national number without a country prefix', '020 7183 8750'],
        ['digits that only look international', '442071838750'],
        ['an international dialling prefix instead of +', '00442071838750'],
        ['a number too short to be valid', '+1 555'],
        ['letters', 'call me maybe'],
        ['blank', '   '],
        ['empty', ''],
      ])('rejects %s', (_case, raw) => {
        const error = expectInvalidIdentity('phone', raw);
        expect(error.message).toBe(
          'identity of type phone must be an international number, e.g. +14155550123',
        );
      });
    });

    describe.each(['user_id', 'controller_customer_id'] as const)('%s', (type) => {
      it('trims but keeps case, because ids are opaque to Lethe', () => {
        expect(normaliseIdentity(type, '  User-ABC-123 ')).toBe('User-ABC-123');
        expect(normaliseIdentity(type, 'user-abc-123')).toBe('user-abc-123');
      });

      it.each(['', '   ', '\n\t'])('rejects %j as empty', (raw) => {
        const error = expectInvalidIdentity(type, raw);
        expect(error.message).toBe(`identity of type ${type} must not be empty`);
      });
    });

    describe.each(ADVERTISING_TYPES)('%s', (type) => {
      it('trims and lower-cases', () => {
        expect(normaliseIdentity(type, ' 38400000-8CF0-11BD-B23E-10B96E40000D ')).toBe(
          '38400000-8cf0-11bd-b23e-10b96e40000d',
        );
      });

      it('rejects an empty value', () => {
        const error = expectInvalidIdentity(type, '  ');
        expect(error.message).toBe(`identity of type ${type} must not be empty`);
      });
    });

    it('has decided the normalisation of every identity type of the protocol', () => {
      // a new identity type lands in the lower-casing default; this makes adding one a deliberate choice
      expect(ADVERTISING_TYPES).toEqual([
        'android_advertising_id',
        'android_id',
        'fire_advertising_id',
        'ios_advertising_id',
        'ios_vendor_id',
        'microsoft_advertising_id',
        'microsoft_publisher_id',
        'roku_advertising_id',
        'roku_publisher_id',
      ]);
    });
  });

  describe(normaliseIdentities.name, () => {
    it('normalises every identity and keeps their order', () => {
      expect(
        normaliseIdentities([
          { type: 'user_id', value: ' U-1 ' },
          { type: 'email', value: 'Alice@Example.org' },
          { type: 'phone', value: '+44 20 7183 8750' },
        ]),
      ).toEqual([
        { type: 'user_id', value: 'U-1' },
        { type: 'email', value: 'alice@example.org' },
        { type: 'phone', value: '+442071838750' },
      ]);
    });

    it('removes identities that only differ in form, keeping the first', () => {
      const identities: SubjectIdentity[] = [
        { type: 'email', value: 'alice@example.org' },
        { type: 'phone', value: '+44 20 7183 8750' },
        { type: 'email', value: '  ALICE@example.ORG ' },
        { type: 'ios_advertising_id', value: 'AEBE52E7-03EE-455A-B3C4-E57283966239' },
        { type: 'phone', value: '+442071838750' },
        { type: 'ios_advertising_id', value: 'aebe52e7-03ee-455a-b3c4-e57283966239' },
        { type: 'email', value: 'alice@example.org' },
      ];
      expect(normaliseIdentities(identities)).toEqual([
        { type: 'email', value: 'alice@example.org' },
        { type: 'phone', value: '+442071838750' },
        { type: 'ios_advertising_id', value: 'aebe52e7-03ee-455a-b3c4-e57283966239' },
      ]);
    });

    it('keeps user ids that differ in case, and equal values of different types', () => {
      expect(
        normaliseIdentities([
          { type: 'user_id', value: 'Alice' },
          { type: 'user_id', value: 'alice' },
          { type: 'controller_customer_id', value: 'alice' },
        ]),
      ).toEqual([
        { type: 'user_id', value: 'Alice' },
        { type: 'user_id', value: 'alice' },
        { type: 'controller_customer_id', value: 'alice' },
      ]);
    });

    it('returns an empty list for no identities', () => {
      expect(normaliseIdentities([])).toEqual([]);
    });

    it('rejects the whole list when one identity is invalid', () => {
      const error = rejection(() =>
        normaliseIdentities([
          { type: 'email', value: 'alice@example.org' },
          { type: 'phone', value: '020 7183 8750' },
        ]),
      );
      expect(error.code).toBe(ErasureRequestErrorCode.InvalidIdentity);
      expect(error.message).not.toContain('7183');
    });

    it('does not modify its input', () => {
      const input: SubjectIdentity[] = [{ type: 'email', value: ' A@Example.org ' }];
      normaliseIdentities(input);
      expect(input).toEqual([{ type: 'email', value: ' A@Example.org ' }]);
    });
  });

  describe(maskIdentity.name, () => {
    it.each<[IdentityType, string, string]>([
      ['email', 'alice@example.org', 'a***@example.org'],
      ['email', 'a@example.org', 'a***@example.org'],
      ['phone', '+14155550123', '+1******0123'],
      ['phone', '+442071838750', '+4******8750'],
      ['user_id', 'user-12345', 'us***'],
      ['controller_customer_id', 'C-998877', 'C-***'],
      ['ios_advertising_id', 'aebe52e7-03ee-455a-b3c4-e57283966239', 'ae***'],
      ['user_id', 'ab12', '***'],
      ['user_id', 'u-1234', '***'],
    ])('%s %j → %j', (type, value, masked) => {
      expect(maskIdentity(type, value)).toBe(masked);
    });

    it('hides the local part of an email beyond its first character', () => {
      expect(maskIdentity('email', 'alice.smith@example.org')).not.toContain('lice');
    });

    it('hides the middle digits of a phone number', () => {
      expect(maskIdentity('phone', '+442071838750')).not.toContain('207183');
    });
  });
});

describe('hashed identities', () => {
  const sha256 = 'A'.repeat(64);

  it.each([
    ['sha256', 64],
    ['sha1', 40],
    ['md5', 32],
  ] as const)(
    'accepts a %s digest of %i hex characters, lower-cased and never normalised',
    (format, length) => {
      expect(normaliseHashedIdentity('email', format, ` ${'AB'.repeat(length / 2)} `)).toBe(
        'ab'.repeat(length / 2),
      );
    },
  );

  it.each([
    ['too short', 'a'.repeat(63)],
    ['too long', 'a'.repeat(65)],
    ['not hex', 'g'.repeat(64)],
    ['an email', 'ada@example.org'],
  ])('refuses a sha256 value that is %s, without echoing it', (_, value) => {
    const error = rejection(() => normaliseHashedIdentity('email', 'sha256', value));
    expect(error.code).toBe(ErasureRequestErrorCode.InvalidIdentity);
    expect(error.message).toBe('identity of type email in format sha256 must be 64 hexadecimal characters');
  });

  it('keeps the format through normaliseIdentities and dedupes digests that differ only in case', () => {
    expect(
      normaliseIdentities([
        { type: 'email', value: sha256, format: 'sha256' },
        { type: 'email', value: sha256.toLowerCase(), format: 'sha256' },
        { type: 'email', value: 'Ada@Example.org' },
      ]),
    ).toEqual([
      { type: 'email', value: 'a'.repeat(64), format: 'sha256' },
      { type: 'email', value: 'ada@example.org' },
    ]);
  });

  it('hashes a digest under its own key in the ledger, apart from the raw type', () => {
    expect(identityHashType({ type: 'email', value: 'x', format: 'md5' })).toBe('email/md5');
    expect(identityHashType({ type: 'email', value: 'x' })).toBe('email');
  });
});
