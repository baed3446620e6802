import { Test } from '@nestjs/testing';
import { createNestErasureHarness, ErasureHarness } from '@lethe/deletion-sdk';
import { CartErasureHandler } from './cart-erasure.handler';
import { CartStore, CartSubject } from './cart.store';

class FakeCartStore implements Pick<CartStore, 'keysOf' | 'delete'> {
  keys = new Set(['p:user:u-ada', 'p:email:ada@example.org']);
  subjects: CartSubject[] = [];

  async keysOf(subject: CartSubject): Promise<string[]> {
    this.subjects.push(subject);
    return subject.emails.includes('ada@example.org') || subject.userIds.includes('u-ada')
      ? [...this.keys]
      : [];
  }

  async delete(keys: string[]): Promise<number> {
    return keys.filter((key) => this.keys.delete(key)).length;
  }
}

describe(CartErasureHandler.name, () => {
  let store: FakeCartStore;
  let harness: ErasureHarness;

  beforeEach(async () => {
    store = new FakeCartStore();
    const moduleRef = await Test.createTestingModule({
      providers: [CartErasureHandler, { provide: CartStore, useValue: store }],
    }).compile();
    harness = createNestErasureHarness(moduleRef, { service: 'cart' });
  });

  it('looks the subject up by every email and user id, and reports the keys it deleted', async () => {
    await expect(
      harness.run({
        identities: [
          { type: 'email', value: 'ada@example.org' },
          { type: 'user_id', value: 'u-ada' },
          { type: 'phone', value: '+442071838750' },
        ],
      }),
    ).resolves.toMatchObject({ outcome: 'deleted', recordsAffected: 2 });
    expect(store.subjects).toEqual([{ emails: ['ada@example.org'], userIds: ['u-ada'] }]);
    expect(store.keys.size).toBe(0);
  });

  it('counts without deleting in a dry run', async () => {
    await expect(
      harness.run({ dryRun: true, identities: [{ type: 'user_id', value: 'u-ada' }] }),
    ).resolves.toMatchObject({ outcome: 'deleted', recordsAffected: 2 });
    expect(store.keys.size).toBe(2);
  });

  it('reports not_found when no key holds the subject', async () => {
    await expect(
      harness.run({ identities: [{ type: 'email', value: 'nobody@example.org' }] }),
    ).resolves.toMatchObject({ outcome: 'not_found', recordsAffected: 0 });
  });
});
