/** Injection token of the cart service's ioredis connection. */
export const CART_REDIS = Symbol('CART_REDIS');
