import { toLetheIdentities, validateOpenDsrRequest, ValidationOptions } from './opendsr-request-validation';

const OPTIONS: ValidationOptions = { regulationRequired: true, callbackAllowlist: [] };
const EMAIL = 'johndoe@example.com';

/** The shape of the spec's example request (§7.2), written here as test data. */
function example(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    regulation: 'gdpr',
    subject_request_id: 'a7551968-d5d6-44b2-9831-815ac9017798',
    subject_request_type: 'erasure',
    submitted_time: '2018-10-02T15:00:00Z',
    subject_identities: [{ identity_type: 'email', identity_value: EMAIL, identity_format: 'raw' }],
    api_version: '2.0',
    status_callback_urls: ['https://examplecontroller.com/opendsr/callbacks'],
    extensions: { 'example-processor.com': { property_id: '123456' } },
    ...overrides,
  };
}

function reasonsOf(body: unknown, options = OPTIONS): string[] {
  const result = validateOpenDsrRequest(body, options);
  if (result.ok) return [];
  for (const error of result.errors) {
    expect(error.domain).toBe('Validation');
    expect(error.message).not.toContain(EMAIL);
  }
  return result.errors.map((e) => e.reason);
}

describe(validateOpenDsrRequest.name, () => {
  it('accepts the example request and keeps what Lethe acts on', () => {
    expect(validateOpenDsrRequest(example(), OPTIONS)).toEqual({
      ok: true,
      request: {
        regulation: 'gdpr',
        subject_request_id: 'a7551968-d5d6-44b2-9831-815ac9017798',
        subject_request_type: 'erasure',
        submitted_time: '2018-10-02T15:00:00Z',
        subject_identities: [{ identity_type: 'email', identity_value: EMAIL, identity_format: 'raw' }],
        api_version: '2.0',
        status_callback_urls: ['https://examplecontroller.com/opendsr/callbacks'],
      },
    });
  });

  it('lets the legacy routes leave regulation out, meaning gdpr', () => {
    const result = validateOpenDsrRequest(example({ regulation: undefined }), {
      ...OPTIONS,
      regulationRequired: false,
    });
    expect(result.ok && result.request.regulation).toBe('gdpr');
    expect(reasonsOf(example({ regulation: undefined }))).toEqual(['MissingField']);
  });

  it.each([
    ['subject_request_id', 'c232ab00-9414-11ec-b3c8-9f6bdeced846', 'InvalidValue'],
    ['subject_request_id', 'A7551968-D5D6-44B2-9831-815AC9017798', 'InvalidValue'],
    ['subject_request_id', 42, 'InvalidValue'],
    ['subject_request_type', 'rectification', 'InvalidValue'],
    ['regulation', 'lgpd', 'InvalidValue'],
    ['submitted_time', '2018-10-02', 'InvalidValue'],
    ['submitted_time', '2018-13-45T99:00:00Z', 'InvalidValue'],
    ['api_version', 2, 'InvalidValue'],
    ['extensions', ['x'], 'InvalidValue'],
    ['subject_identities', [], 'InvalidValue'],
    ['subject_identities', 'email', 'InvalidValue'],
    ['status_callback_urls', 'https://a.example/cb', 'InvalidValue'],
    ['status_callback_urls', ['https://10.0.0.1/cb'], 'CallbackUrlNotAllowed'],
    ['status_callback_urls', ['http://examplecontroller.com/cb'], 'CallbackUrlNotAllowed'],
  ])('refuses %s = %j (%s)', (field, value, reason) => {
    expect(reasonsOf(example({ [field]: value }))).toEqual([reason]);
  });

  it.each(['subject_request_id', 'subject_request_type', 'submitted_time', 'subject_identities'])(
    'requires %s',
    (field) => {
      expect(reasonsOf(example({ [field]: undefined }))).toEqual(['MissingField']);
    },
  );

  it('checks every identity, naming the field but never the value', () => {
    const result = validateOpenDsrRequest(
      example({
        subject_identities: [
          { identity_type: 'ssn', identity_value: '078-05-1120', identity_format: 'raw' },
          { identity_type: 'email', identity_value: EMAIL, identity_format: 'sha512' },
          { identity_type: 'email', identity_value: 'not-an-email', identity_format: 'raw' },
          { identity_type: 'email', identity_value: EMAIL, identity_format: 'md5' },
          { identity_type: 'email', identity_format: 'raw' },
          'x',
        ],
      }),
      OPTIONS,
    );
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => [e.reason, e.message.split(' ')[0]])).toEqual([
      ['UnsupportedIdentityType', 'subject_identities[0].identity_type'],
      ['UnsupportedIdentityFormat', 'subject_identities[1].identity_format'],
      ['InvalidIdentity', 'subject_identities[2]:'],
      ['InvalidIdentity', 'subject_identities[3]:'],
      ['MissingField', 'subject_identities[4].identity_value'],
      ['InvalidValue', 'subject_identities[5]'],
    ]);
    expect(JSON.stringify(errors)).not.toMatch(/078-05-1120|not-an-email/);
  });

  it('accepts every spec identity type in a hashed format', () => {
    const digest = 'ab'.repeat(32);
    const identities = ['email', 'ios_advertising_id', 'controller_customer_id'].map((type) => ({
      identity_type: type,
      identity_value: digest,
      identity_format: 'sha256',
    }));
    expect(reasonsOf(example({ subject_identities: identities }))).toEqual([]);
  });

  it('refuses a body that is not an object', () => {
    expect(reasonsOf(null)).toEqual(['InvalidBody']);
    expect(reasonsOf([example()])).toEqual(['InvalidBody']);
  });

  it('drops a repeated callback URL', () => {
    const url = 'https://examplecontroller.com/cb';
    const result = validateOpenDsrRequest(example({ status_callback_urls: [url, url] }), OPTIONS);
    expect(result.ok && result.request.status_callback_urls).toEqual([url]);
  });
});

describe(toLetheIdentities.name, () => {
  it('keeps the type, and the format only when the value is hashed', () => {
    expect(
      toLetheIdentities([
        { identity_type: 'email', identity_value: EMAIL, identity_format: 'raw' },
        { identity_type: 'android_advertising_id', identity_value: 'f'.repeat(40), identity_format: 'sha1' },
      ]),
    ).toEqual([
      { type: 'email', value: EMAIL },
      { type: 'android_advertising_id', value: 'f'.repeat(40), format: 'sha1' },
    ]);
  });
});
