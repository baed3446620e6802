import {
  signatureOf,
  signatureProblem,
  signedHeaders,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from './target-signing';

describe('target-signing', () => {
  const secret = 'whsec_0123456789abcdef';
  const now = new Date('2027-03-01T12:00:00Z');
  const body = '{"id":"cb-1","status":"deleted"}';
  const headers = signedHeaders(secret, body, now);
  const check = (overrides: { t?: string; s?: string; body?: string; at?: Date; secret?: string } = {}) =>
    signatureProblem(
      overrides.secret ?? secret,
      't' in overrides ? overrides.t : headers[TIMESTAMP_HEADER],
      's' in overrides ? overrides.s : headers[SIGNATURE_HEADER],
      overrides.body ?? body,
      overrides.at ?? now,
      300_000,
    );

  it('signs the timestamp and the body with HMAC-SHA256, as documented', () => {
    expect(headers[TIMESTAMP_HEADER]).toBe(String(Date.parse('2027-03-01T12:00:00Z') / 1000));
    // the documented example: printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac "$secret"
    expect(headers[SIGNATURE_HEADER]).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(signatureOf(secret, 1, 'x')).not.toBe(signatureOf(secret, 2, 'x'));
  });

  it('accepts what it signed, within the window', () => {
    expect(check()).toBeUndefined();
    expect(check({ at: new Date(now.getTime() + 299_000) })).toBeUndefined();
  });

  it('refuses a changed body, another secret, or a forged signature', () => {
    expect(check({ body: body.replace('deleted', 'not_found') })).toBe('the signature does not match');
    expect(check({ secret: 'another-secret-entirely' })).toBe('the signature does not match');
    expect(check({ s: 'v1=' + '0'.repeat(64) })).toBe('the signature does not match');
    expect(check({ s: 'v1=short' })).toBe('the signature does not match');
  });

  it('refuses a re-dated message: the timestamp is under the signature', () => {
    const later = String(Number(headers[TIMESTAMP_HEADER]) + 60);
    expect(check({ t: later, at: new Date(now.getTime() + 60_000) })).toBe('the signature does not match');
  });

  it('refuses a timestamp outside the window, either side', () => {
    expect(check({ at: new Date(now.getTime() + 301_000) })).toBe(
      'lethe-timestamp is outside the accepted window',
    );
    expect(check({ at: new Date(now.getTime() - 301_000) })).toBe(
      'lethe-timestamp is outside the accepted window',
    );
  });

  it('refuses missing or malformed headers', () => {
    expect(check({ t: undefined })).toBe('lethe-timestamp is missing');
    expect(check({ t: 'yesterday' })).toBe('lethe-timestamp is missing');
    expect(check({ s: undefined })).toBe('lethe-signature is missing');
  });

  it('accepts any one of several signatures, so a secret can be rolled over', () => {
    const rolled = `${signatureOf('old-secret-old-secret', 1, body)}, ${headers[SIGNATURE_HEADER]}`;
    expect(check({ s: rolled })).toBeUndefined();
  });
});
