import { serviceSecretLookup } from './signing-key-ring';

describe(serviceSecretLookup.name, () => {
  const lookup = serviceSecretLookup('accounts', [
    { id: 'k2', secret: 'new-secret' },
    { id: 'k1', secret: 'old-secret' },
  ]);

  it('finds every configured key of its own service', () => {
    expect(lookup('k1', 'accounts')).toBe('old-secret');
    expect(lookup('k2', 'accounts')).toBe('new-secret');
  });

  it('knows no secret for unknown key ids or other services', () => {
    expect(lookup('k3', 'accounts')).toBeUndefined();
    expect(lookup('k1', 'orders')).toBeUndefined();
  });
});
