import { Test, TestingModule } from '@nestjs/testing';
import { createNestErasureHarness, ErasureHarness } from '@lethe/deletion-sdk';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { CartConfig } from '../cart-config';
import { CART_REDIS } from '../redis/cart-redis.constants';
import { CartErasureHandler } from './cart-erasure.handler';
import { CartStore } from './cart.store';
import { CartsService } from './carts.service';

const REDIS_URL = process.env.LETHE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe(CartErasureHandler.name, () => {
  let redis: Redis;
  let prefix: string;
  let moduleRef: TestingModule;
  let harness: ErasureHarness;
  let carts: CartsService;

  const keysInRedis = async () => (await redis.keys(`${prefix}:*`)).sort();

  beforeEach(async () => {
    prefix = `lethe:test:cart:${randomBytes(4).toString('hex')}`;
    redis = new Redis(REDIS_URL);
    const config = Object.assign(new CartConfig(), { keyPrefix: prefix });
    moduleRef = await Test.createTestingModule({
      providers: [
        CartErasureHandler,
        CartStore,
        CartsService,
        { provide: CART_REDIS, useValue: redis },
        { provide: CartConfig, useValue: config },
      ],
    }).compile();
    harness = createNestErasureHarness(moduleRef, { service: 'cart' });
    carts = moduleRef.get(CartsService);
    await carts.addItem('u-ada', { email: 'Ada@Example.org', sku: 'difference-engine', quantity: 1 });
    await carts.addItem('u-grace', { email: 'grace@example.org', sku: 'cobol-manual', quantity: 2 });
  });

  afterEach(async () => {
    const left = await redis.keys(`${prefix}:*`);
    if (left.length > 0) await redis.del(...left);
    await moduleRef?.close();
    redis.disconnect();
  });

  it('deletes the cart and email index found by email, and leaves other carts alone', async () => {
    await expect(
      harness.run({ identities: [{ type: 'email', value: 'ada@example.org' }] }),
    ).resolves.toMatchObject({ outcome: 'deleted', recordsAffected: 2 });
    await expect(keysInRedis()).resolves.toEqual([
      `${prefix}:email:grace@example.org`,
      `${prefix}:user:u-grace`,
    ]);
    await expect(carts.findByEmail('ada@example.org')).resolves.toEqual([]);
  });

  it('deletes the cart found by user id together with the index entry of the cart’s email', async () => {
    await expect(harness.run({ identities: [{ type: 'user_id', value: 'u-ada' }] })).resolves.toMatchObject({
      outcome: 'deleted',
      recordsAffected: 2,
    });
    await expect(keysInRedis()).resolves.not.toContain(`${prefix}:email:ada@example.org`);
    await expect(harness.run({ identities: [{ type: 'user_id', value: 'u-ada' }] })).resolves.toMatchObject({
      outcome: 'not_found',
    });
  });

  it('leaves an email index entry that now finds another user’s cart', async () => {
    await carts.addItem('u-ada-2', { email: 'ada@example.org', sku: 'loom-card', quantity: 1 });
    await expect(harness.run({ identities: [{ type: 'user_id', value: 'u-ada' }] })).resolves.toMatchObject({
      outcome: 'deleted',
      recordsAffected: 1,
    });
    await expect(carts.findByEmail('ada@example.org')).resolves.toEqual([
      expect.objectContaining({ userId: 'u-ada-2' }),
    ]);
  });

  it('counts in a dry run without deleting, and reports not_found for a stranger', async () => {
    const before = await keysInRedis();
    await expect(
      harness.run({ dryRun: true, identities: [{ type: 'email', value: 'ada@example.org' }] }),
    ).resolves.toMatchObject({ outcome: 'deleted', recordsAffected: 2 });
    await expect(keysInRedis()).resolves.toEqual(before);
    await expect(
      harness.run({ identities: [{ type: 'email', value: 'nobody@example.org' }] }),
    ).resolves.toMatchObject({ outcome: 'not_found', recordsAffected: 0 });
  });
});
