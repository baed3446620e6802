import { loadSampleServiceConfig, SampleServiceConfig } from '../../shared/sample-service-config';

/** Every key the cart service writes starts with this and a colon, so tests and environments can share Redis. */
export const CART_KEY_PREFIX_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

/** The cart service's config: its store is Redis, not a database. */
export class CartConfig extends SampleServiceConfig {
  redisUrl: string;
  keyPrefix: string;
}

export function loadCartConfig(env: Record<string, string | undefined> = process.env): CartConfig {
  return loadSampleServiceConfig(
    CartConfig,
    { service: 'cart', port: 3103 },
    (read) => ({
      redisUrl: read.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
      keyPrefix: read.matching('CART_KEY_PREFIX', 'lethe:cart', CART_KEY_PREFIX_PATTERN),
    }),
    env,
  );
}
