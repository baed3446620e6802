import { parseCsvHeader, validateBulkRecord, validateBulkRecordByDto } from './bulk-line-validation';

const json = (value: unknown, line = 1) => ({ line, text: JSON.stringify(value) });

describe('validateBulkRecord (NDJSON)', () => {
  it('accepts a subject with normalised, de-duplicated identities and an optional externalId', () => {
    expect(
      validateBulkRecord(
        json({
          subject: {
            identities: [
              { type: 'email', value: ' Ada@Example.ORG ' },
              { type: 'email', value: 'ada@example.org' },
              { type: 'phone', value: '+1 415 555 0123' },
            ],
          },
          externalId: 'T-1',
        }),
      ),
    ).toEqual({
      ok: true,
      identities: [
        { type: 'email', value: 'ada@example.org' },
        { type: 'phone', value: '+14155550123' },
      ],
      externalId: 'T-1',
    });
    expect(
      validateBulkRecord(json({ subject: { identities: [{ type: 'user_id', value: 'u-1' }] } })),
    ).toEqual({
      ok: true,
      identities: [{ type: 'user_id', value: 'u-1' }],
      externalId: null,
    });
  });

  it.each([
    ['not JSON', { line: 1, text: '{"subject": ada@example.org' }, 'line is not valid JSON'],
    ['an array', json([1]), 'line is not a JSON object'],
    ['a NUL', { line: 1, text: '{"subject":"\u0000"}' }, 'line contains a NUL character'],
    ['no subject', json({ externalId: 'T-1' }), 'subject should not be null or undefined'],
    ['no identity', json({ subject: { identities: [] } }), 'at least one identity'],
    ['a subject that is an array', json({ subject: [] }), 'subject must be an object'],
    [
      'an identity that is an array',
      json({ subject: { identities: [[]] } }),
      'each of subject.identities must be an object',
    ],
    [
      'an unknown type',
      json({ subject: { identities: [{ type: 'ssn', value: '1' }] } }),
      'type must be one of',
    ],
    [
      'a bad email',
      json({ subject: { identities: [{ type: 'email', value: 'nope' }] } }),
      'not a valid email',
    ],
    [
      'an externalId that is an email',
      json({ subject: { identities: [{ type: 'user_id', value: 'u' }] }, externalId: 'ada@example.org' }),
      'externalId must not contain personal data',
    ],
    [
      'a per-line regulation',
      json({ subject: { identities: [{ type: 'user_id', value: 'u' }] }, regulation: 'gdpr' }),
      'line has properties other than subject and externalId',
    ],
  ])('rejects %s with a reason', (_, record, reason) => {
    const result = validateBulkRecord(record);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toContain(reason);
  });

  it('never repeats personal data in a reason', () => {
    const results = [
      validateBulkRecord({ line: 1, text: '{"ada@example.org": 1, "subject": {}}' }),
      validateBulkRecord(json({ subject: { identities: [{ type: 'email', value: 'ada@example', x: 1 }] } })),
      validateBulkRecord(
        json({ subject: { identities: [{ type: 'email', value: 'ada@x.org', 'bob@x.org': 1 }] } }),
      ),
      validateBulkRecord({ line: 1, text: '{"subject": "ada@example.org' }),
    ];
    for (const result of results) {
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).not.toMatch(/ada@|bob@/);
    }
  });

  it("passes on the reader's own error", () => {
    expect(validateBulkRecord({ line: 3, error: 'line is longer than 10 characters' })).toEqual({
      ok: false,
      reason: 'line is longer than 10 characters',
    });
  });
});

describe('CSV', () => {
  it('reads a header of identity types and externalId, in any case and order', () => {
    expect(parseCsvHeader([' Email', 'external_id', 'user_id'])).toEqual({
      columns: [
        { kind: 'identity', type: 'email' },
        { kind: 'externalId' },
        { kind: 'identity', type: 'user_id' },
      ],
    });
  });

  it.each([
    [['email', 'name'], 'column 2 is not an identity type'],
    [['email', 'EMAIL'], 'names email twice'],
    [['externalId'], 'names no identity column'],
  ])('refuses the header %j', (fields, error) => {
    const header = parseCsvHeader(fields);
    expect('error' in header ? header.error : '').toContain(error);
  });

  const header = parseCsvHeader(['email', 'phone', 'externalId']);
  const columns = 'columns' in header ? header.columns : [];

  it('turns a row into a subject, skipping empty cells', () => {
    expect(validateBulkRecord({ line: 2, fields: ['A@x.org', '', 'T-9'] }, columns)).toEqual({
      ok: true,
      identities: [{ type: 'email', value: 'a@x.org' }],
      externalId: 'T-9',
    });
  });

  it.each([
    [['a@x.org', ''], 'record has 2 fields, the header has 3'],
    [['', '', 'T-1'], 'at least one identity'],
    [['a@x.org', '12', ''], 'must be an international number'],
    [['a\u0000@x.org', '', ''], 'NUL'],
  ])('rejects the row %j', (fields, reason) => {
    const result = validateBulkRecord({ line: 2, fields }, columns);
    expect(result.ok ? '' : result.reason).toContain(reason);
  });
});

describe('the hand-written check against the DTO', () => {
  const identity = (type: unknown, value: unknown) => ({ type, value });
  const subjects: unknown[] = [
    { identities: [identity('email', 'ada@example.org')] },
    { identities: [identity('email', ' Ada@Example.ORG '), identity('phone', '+1 415 555 0123')] },
    { identities: [identity('user_id', 'u-1'), identity('device_id', 'ABC-1')] },
    { identities: [identity('controller_customer_id', 'c1')] },
    { identities: [identity('email', 'nope')] },
    { identities: [identity('phone', '12')] },
    { identities: [identity('user_id', ' ')] },
    { identities: [identity('user_id', '')] },
    { identities: [identity('user_id', '\uFE0F')] },
    { identities: [identity('user_id', 'x'.repeat(512))] },
    { identities: [identity('user_id', 'x'.repeat(513))] },
    { identities: [identity('user_id', '😀'.repeat(300))] },
    { identities: [identity('ssn', '1')] },
    { identities: [identity('email', 5)] },
    { identities: [identity(null, 'a')] },
    { identities: [{ type: 'email' }] },
    { identities: [{ ...identity('email', 'a@x.org'), format: 'sha256' }] },
    { identities: [{ ...identity('email', 'a@x.org'), 'bob@x.org': 1 }] },
    { identities: [[]] },
    { identities: [null] },
    { identities: ['a@x.org'] },
    { identities: [] },
    { identities: Array.from({ length: 50 }, (_, i) => identity('user_id', `u${i}`)) },
    { identities: Array.from({ length: 51 }, (_, i) => identity('user_id', `u${i}`)) },
    { identities: identity('email', 'a@x.org') },
    { identities: 'a@x.org' },
    { identities: [identity('email', 'a@x.org')], extra: 1 },
    {},
    [],
    [{ identities: [identity('email', 'a@x.org')] }],
    'ada@example.org',
    7,
    null,
    undefined,
  ];
  const externalIds: unknown[] = [
    undefined,
    null,
    'T-1',
    '',
    'with space',
    'x'.repeat(200),
    'x'.repeat(201),
    'ada@example.org',
    '+14155550123',
    'tab\there',
    'é',
    42,
    ['T-1'],
    {},
  ];

  it('gives the same result as the DTO for every combination, accepted or not', () => {
    let accepted = 0;
    for (const subject of subjects) {
      for (const externalId of externalIds) {
        const value: Record<string, unknown> = {};
        if (subject !== undefined) value.subject = subject;
        if (externalId !== undefined) value.externalId = externalId;
        const record = json(value);
        const expected = validateBulkRecordByDto(record);
        expect({ value, result: validateBulkRecord(record) }).toEqual({ value, result: expected });
        if (expected.ok) accepted += 1;
      }
    }
    // the corpus holds both kinds, so the comparison covers the hand-written path and the DTO path
    expect(accepted).toBeGreaterThan(20);
  });

  it('gives the same result as the DTO for CSV rows', () => {
    const header = parseCsvHeader(['email', 'phone', 'user_id', 'externalId']);
    const columns = 'columns' in header ? header.columns : [];
    const cells = ['', 'A@x.org', '+1 415 555 0123', 'nope', 'x'.repeat(513), 'T 1'];
    for (const a of cells)
      for (const b of cells)
        for (const c of ['', 'u-1'])
          for (const d of ['', 'T-1', 'a@x.org', 'T 1']) {
            const record = { line: 2, fields: [a, b, c, d] };
            expect(validateBulkRecord(record, columns)).toEqual(validateBulkRecordByDto(record, columns));
          }
  });
});
