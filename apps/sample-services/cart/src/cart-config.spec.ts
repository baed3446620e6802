import { loadCartConfig } from './cart-config';

const SECRET = 's'.repeat(32);
/** 32 zero bytes in base64: a well-formed Ed25519 public key. */
const PUBLIC_KEYS = `k1:${'A'.repeat(43)}=`;

describe(loadCartConfig.name, () => {
  it('defaults to the local Redis and the lethe:cart key prefix, with no database', () => {
    const config = loadCartConfig({ LETHE_SIGNING_SECRET: SECRET, LETHE_COMMAND_PUBLIC_KEYS: PUBLIC_KEYS });
    expect(config).toMatchObject({
      service: 'cart',
      port: 3103,
      redisUrl: 'redis://127.0.0.1:6379',
      keyPrefix: 'lethe:cart',
    });
    expect(config).not.toHaveProperty('databaseUrl');
  });

  it('takes REDIS_URL and CART_KEY_PREFIX', () => {
    expect(
      loadCartConfig({
        LETHE_SIGNING_SECRET: SECRET,
        LETHE_COMMAND_PUBLIC_KEYS: PUBLIC_KEYS,
        REDIS_URL: 'rediss://cache.internal:6380/2',
        CART_KEY_PREFIX: 'lethe:cart:e2e_1f2e',
      }),
    ).toMatchObject({ redisUrl: 'rediss://cache.internal:6380/2', keyPrefix: 'lethe:cart:e2e_1f2e' });
  });

  it('names each bad variable', () => {
    const load = () =>
      loadCartConfig({
        LETHE_SIGNING_SECRET: SECRET,
        LETHE_COMMAND_PUBLIC_KEYS: PUBLIC_KEYS,
        REDIS_URL: 'http://x',
        CART_KEY_PREFIX: 'carts with spaces',
      });
    expect(load).toThrow(/REDIS_URL must use redis: or rediss:/);
    expect(load).toThrow(/CART_KEY_PREFIX must match/);
  });
});
