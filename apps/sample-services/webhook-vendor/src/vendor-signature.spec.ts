import { isSignedByLethe, vendorSignedHeaders } from './vendor-signature';

const SECRET = 'whsec_sample_0123456789';
const BODY = '{"type":"erasure.command"}';

describe(isSignedByLethe.name, () => {
  const now = new Date('2026-12-01T10:00:00Z');

  it('accepts what was signed with the shared secret, within the window', () => {
    const headers = vendorSignedHeaders(SECRET, BODY, new Date(now.getTime() - 60_000));
    expect(isSignedByLethe(SECRET, headers, BODY, 300_000, now)).toBe(true);
  });

  it('matches the recipe of docs/targets.md (HMAC over "<timestamp>.<body>", hex)', () => {
    // printf '%s.%s' 1796119200 '{"type":"erasure.command"}' | openssl dgst -sha256 -hmac whsec_sample_0123456789
    expect(vendorSignedHeaders(SECRET, BODY, now)).toEqual({
      'lethe-timestamp': '1796119200',
      'lethe-signature': 'v1=d97d77b092ea8b800ba8ce42c9369338e6b32dacde6db7318c3f331c3df93d4e',
    });
  });

  it('refuses another secret, another body, a stale timestamp and missing headers', () => {
    const headers = vendorSignedHeaders(SECRET, BODY, now);
    expect(isSignedByLethe('whsec_other_0123456789', headers, BODY, 300_000, now)).toBe(false);
    expect(isSignedByLethe(SECRET, headers, `${BODY} `, 300_000, now)).toBe(false);
    expect(isSignedByLethe(SECRET, headers, BODY, 300_000, new Date(now.getTime() + 301_000))).toBe(false);
    expect(isSignedByLethe(SECRET, {}, BODY, 300_000, now)).toBe(false);
    expect(isSignedByLethe(SECRET, { ...headers, 'lethe-timestamp': 'soon' }, BODY, 300_000, now)).toBe(
      false,
    );
  });
});
