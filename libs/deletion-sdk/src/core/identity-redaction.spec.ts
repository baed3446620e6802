import { REDACTED, redactIdentities } from './identity-redaction';

describe(redactIdentities.name, () => {
  const identities = [
    { type: 'email' as const, value: 'Ada@Example.org' },
    { type: 'user_id' as const, value: 'u-42' },
    { type: 'phone' as const, value: '+44 20 7946 0958' },
  ];

  it('removes every identity value, case-insensitively', () => {
    expect(
      redactIdentities('duplicate key (email)=(ada@example.org) for user u-42 / ADA@EXAMPLE.ORG', identities),
    ).toBe(`duplicate key (email)=(${REDACTED}) for user ${REDACTED} / ${REDACTED}`);
  });

  it('treats regular-expression characters in values literally', () => {
    expect(redactIdentities('call +44 20 7946 0958 now; +44 20 7946 09580', identities)).toBe(
      `call ${REDACTED} now; ${REDACTED}0`,
    );
    expect(redactIdentities('x.y', [{ type: 'user_id', value: '.' }])).toBe(`x${REDACTED}y`);
  });

  it('replaces the longer of two overlapping values whole', () => {
    const overlapping = [
      { type: 'user_id' as const, value: 'ada' },
      { type: 'email' as const, value: 'ada@example.org' },
    ];
    expect(redactIdentities('no row for ada@example.org', overlapping)).toBe(`no row for ${REDACTED}`);
  });

  it('leaves text without identities unchanged, and ignores blank values', () => {
    expect(redactIdentities('connection refused', identities)).toBe('connection refused');
    expect(redactIdentities('a b', [{ type: 'user_id', value: ' ' }])).toBe('a b');
  });
});
