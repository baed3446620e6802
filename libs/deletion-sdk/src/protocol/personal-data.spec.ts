import {
  findPersonalData,
  REDACTED,
  REDACTED_EMAIL,
  REDACTED_PHONE,
  redactKnownValues,
  redactLogValue,
  redactPersonalData,
} from './personal-data';

describe(redactPersonalData.name, () => {
  it.each([
    'ada@example.org',
    'Ada.Lovelace+newsletter@mail.example.co.uk',
    'o_brien-99@sub.domain.io',
    'zoë@exämple.de',
    'UPPER@EXAMPLE.COM',
  ])('masks the email address %s', (email) => {
    expect(redactPersonalData(`no row for ${email}, giving up`)).toBe(
      `no row for ${REDACTED_EMAIL}, giving up`,
    );
    expect(findPersonalData(`x ${email} y`)).toBe('email');
  });

  it('masks addresses inside quotes, brackets, key=value and JSON', () => {
    expect(redactPersonalData('duplicate key (email)=(ada@example.org)')).toBe(
      `duplicate key (email)=(${REDACTED_EMAIL})`,
    );
    expect(redactPersonalData('email=ada@example.org; to:<b@example.net>')).toBe(
      `email=${REDACTED_EMAIL}; to:<${REDACTED_EMAIL}>`,
    );
    expect(redactPersonalData('{"email":"ada@example.org","n":3}')).toBe(
      `{"email":"${REDACTED_EMAIL}","n":3}`,
    );
  });

  it.each([
    ['E.164', '+447946095800'],
    ['E.164 with spaces', '+44 20 7946 0958'],
    ['E.164 with dashes', '+1-415-555-2671'],
    ['E.164 with a bracketed area code', '+1 (415) 555-2671'],
    ['E.164 with a bracketed trunk zero', '+44 (0)20 7946 0958'],
    ['French E.164', '+33 6 12 34 56 78'],
    ['German E.164', '+49 30 1234567'],
    ['North American, dashes', '415-555-2671'],
    ['North American, dots', '415.555.2671'],
    ['North American, spaces', '415 555 2671'],
    ['North American, bracketed area code', '(415) 555-2671'],
    ['UK London', '020 7946 0958'],
    ['UK mobile', '07700 900123'],
    ['UK bracketed', '(020) 7946 0958'],
    ['French national, spaces', '06 12 34 56 78'],
    ['French national, dots', '06.12.34.56.78'],
    ['German national', '030 1234567'],
    ['international prefix 00', '0044 20 7946 0958'],
  ])('masks a phone number (%s): %s', (_, phone) => {
    expect(redactPersonalData(`call ${phone} now`)).toBe(`call ${REDACTED_PHONE} now`);
    expect(redactPersonalData(phone)).toBe(REDACTED_PHONE);
    expect(findPersonalData(`(${phone})`)).toBe('phone');
  });

  it('masks a phone number after "tel:" and inside JSON', () => {
    expect(redactPersonalData('tel:+447946095800')).toBe(`tel:${REDACTED_PHONE}`);
    expect(redactPersonalData('(+447946095800) and (+1 (415) 555-2671)')).toBe(
      `(${REDACTED_PHONE}) and (${REDACTED_PHONE})`,
    );
    expect(redactPersonalData('{"phone":"+44 20 7946 0958"}')).toBe(`{"phone":"${REDACTED_PHONE}"}`);
  });

  it.each([
    ['a UUID', 'request 123e4567-e89b-12d3-a456-426614174000 done'],
    ['a UUID of digits', 'task 12345678-1234-1234-1234-123456789012'],
    ['an ISO timestamp', 'completedAt 2024-05-01T12:34:56.789Z'],
    ['an ISO timestamp with offset', '2024-05-01T12:34:56+01:00'],
    ['a date and time', '2024-05-01 09:30:00'],
    ['a European date', 'due 01.05.2024 12:00'],
    ['a European date with dashes', 'due 01-05-2024'],
    ['a host and port', 'connected to 127.0.0.1:29092 and kafka-1:9092'],
    ['an IP address', '10.0.0.12 and 192.168.100.200'],
    ['a Kafka offset', 'committed offset 12345678901 on partition 2'],
    ['a long count', 'processed 4155552671 records'],
    ['counts and durations', '3 of 10 attempts, retrying in 1500 ms (+250 ms jitter)'],
    ['a version', 'sdk 0.12.3, kafkajs@2.2.4, node v20.20.0'],
    ['a connection string', 'postgres://postgres@127.0.0.1:5432/lethe'],
    ['a scoped package', '@lethe/deletion-sdk and @nestjs/common'],
    ['a hex hash', 'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['a trace parent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['a topic and key id', 'lethe.erasure.commands.cart.dlq key k1 attempt 2'],
    ['an HTTP status line', 'POST /v1/erasure-requests 201 12ms'],
    ['a time zone offset', 'at +0100 and +05:30'],
    ['thousand separators', 'a 1 234 567 byte file'],
    ['an at sign without a domain', 'api-key:ci@lethe and user@localhost'],
  ])('leaves %s alone', (_, text) => {
    expect(redactPersonalData(text)).toBe(text);
    expect(findPersonalData(text)).toBeUndefined();
  });

  it('masks known values too, before looking for shapes', () => {
    expect(redactPersonalData('no account u-42 for ada@example.org', ['u-42'])).toBe(
      `no account ${REDACTED} for ${REDACTED_EMAIL}`,
    );
    expect(redactPersonalData('no account U-42', [' u-42 '])).toBe(`no account ${REDACTED}`);
  });

  it('masks every occurrence, and leaves its own markers alone when run again', () => {
    const once = redactPersonalData('a@example.org, b@example.org, +447946095800, 415-555-2671', ['u-42']);
    expect(once).toBe(`${REDACTED_EMAIL}, ${REDACTED_EMAIL}, ${REDACTED_PHONE}, ${REDACTED_PHONE}`);
    expect(redactPersonalData(once)).toBe(once);
    expect(findPersonalData(once)).toBeUndefined();
  });

  it('masks a known value and a shape that overlap as one, the known marker winning', () => {
    expect(redactPersonalData('no row for ada@example.org', ['example'])).toBe(`no row for ${REDACTED}`);
    expect(redactPersonalData('no row for ada@example.org', ['Ada@Example.org'])).toBe(
      `no row for ${REDACTED}`,
    );
    expect(redactPersonalData('+44 20 7946 0958 and 7946', ['7946'])).toBe(`${REDACTED} and ${REDACTED}`);
  });

  it('finds nothing in ordinary operator text', () => {
    expect(findPersonalData('identity could not be verified')).toBeUndefined();
    expect(findPersonalData('customer asked for more time; ticket 4711')).toBeUndefined();
    expect(findPersonalData('')).toBeUndefined();
  });
});

describe(redactKnownValues.name, () => {
  const identities = ['Ada@Example.org', 'u-42', '+44 20 7946 0958'];

  it('removes every identity value, case-insensitively', () => {
    expect(
      redactKnownValues(
        'duplicate key (email)=(ada@example.org) for user u-42 / ADA@EXAMPLE.ORG',
        identities,
      ),
    ).toBe(`duplicate key (email)=(${REDACTED}) for user ${REDACTED} / ${REDACTED}`);
  });

  it('finds values in any case next to text that lower-cases to other lengths, ASCII or not', () => {
    expect(redactKnownValues('İstanbul: USER-7 and Zoë-9', ['user-7', 'zoË-9'])).toBe(
      `İstanbul: ${REDACTED} and ${REDACTED}`,
    );
    expect(redactKnownValues('İİİ user-7', ['USER-7'])).toBe(`İİİ ${REDACTED}`);
  });

  it('treats regular-expression characters in values literally', () => {
    expect(redactKnownValues('call +44 20 7946 0958 now; +44 20 7946 09580', identities)).toBe(
      `call ${REDACTED} now; ${REDACTED}0`,
    );
    expect(redactKnownValues('x.y', ['.'])).toBe(`x${REDACTED}y`);
  });

  it('replaces the longer of two overlapping values whole', () => {
    expect(redactKnownValues('no row for ada@example.org', ['ada', 'ada@example.org'])).toBe(
      `no row for ${REDACTED}`,
    );
  });

  it('leaves text without identities unchanged, and ignores blank values', () => {
    expect(redactKnownValues('connection refused', identities)).toBe('connection refused');
    expect(redactKnownValues('a b', [' '])).toBe('a b');
  });
});

describe(redactLogValue.name, () => {
  it('masks strings at any depth, in objects and arrays, and keeps the rest', () => {
    const at = new Date('2024-05-01T00:00:00Z');
    expect(
      redactLogValue(
        {
          count: 4155552671,
          ok: true,
          none: null,
          at,
          user: { email: 'ada@example.org', ids: ['u-42', 'u-7'], deeper: { phone: '+447946095800' } },
        },
        ['u-42'],
      ),
    ).toEqual({
      count: 4155552671,
      ok: true,
      none: null,
      at,
      user: { email: REDACTED_EMAIL, ids: [REDACTED, 'u-7'], deeper: { phone: REDACTED_PHONE } },
    });
  });

  it('turns errors into their masked name and message', () => {
    expect(redactLogValue({ error: new TypeError('no row for ada@example.org') })).toEqual({
      error: { name: 'TypeError', message: `no row for ${REDACTED_EMAIL}` },
    });
  });

  it('cuts cycles and very deep values instead of following them', () => {
    const circular: Record<string, unknown> = { email: 'ada@example.org' };
    circular.self = circular;
    expect(redactLogValue(circular)).toEqual({ email: REDACTED_EMAIL, self: '[circular]' });
    let deep: Record<string, unknown> = { email: 'ada@example.org' };
    for (let i = 0; i < 20; i++) deep = { next: deep };
    expect(JSON.stringify(redactLogValue(deep))).not.toContain('ada@');
  });

  it('does not mistake the same object twice for a cycle', () => {
    const shared = { n: 1 };
    expect(redactLogValue({ a: shared, b: shared })).toEqual({ a: { n: 1 }, b: { n: 1 } });
  });
});
