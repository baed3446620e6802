import { ConflictException } from '@nestjs/common';
import { SuppressionChecker } from '@lethe/deletion-sdk/client';
import { CoordinatorHarness } from '../../../../coordinator/test/support/coordinator-harness';
import { createHandlerTestBed, HandlerTestBed } from '../../../shared/testing/handler-test-bed';
import { ACCOUNTS_SCHEMA } from '../database/accounts-schema';
import { AccountsErasureHandler } from './accounts-erasure.handler';
import { SUPPRESSION_CHECKER, UsersService } from './users.service';

/**
 * accounts with the SDK's suppression check against a real coordinator: once Lethe has erased a person, a replay
 * of their sign-up is refused, and only an explicit new sign-up creates the account again.
 */
describe('accounts refuses to re-create an erased person (real coordinator, Kafka, PostgreSQL)', () => {
  const coordinator = new CoordinatorHarness();
  let bed: HandlerTestBed;
  let users: UsersService;

  beforeAll(async () => {
    await coordinator.start();
    const auditor = await coordinator.api<{ key: string }>('POST', '/v1/api-keys', {
      name: 'accounts-suppression',
      role: 'auditor',
    });
    const checker = new SuppressionChecker({
      coordinatorUrl: coordinator.url,
      apiKey: auditor.body.key,
      cacheTtlMs: 0,
    });
    bed = await createHandlerTestBed('accounts', ACCOUNTS_SCHEMA, [
      AccountsErasureHandler,
      UsersService,
      { provide: SUPPRESSION_CHECKER, useValue: checker },
    ]);
    users = bed.moduleRef.get(UsersService);
    const handler = bed.moduleRef.get(AccountsErasureHandler);
    await coordinator.startService('accounts', { postgres: (ctx) => handler.erase(ctx) });
    await coordinator.waitForService('accounts');
  });
  afterAll(async () => {
    await coordinator.stop();
    await bed?.close();
  });

  it('refuses a replayed sign-up of an erased email, and accepts an explicit one', async () => {
    const signUp = { email: 'Ada@Example.org', name: 'Ada' };
    const ada = await users.create(signUp);
    await users.create({ email: 'grace@example.org', name: 'Grace' });

    const { body } = await coordinator.api<{ id: string }>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'email', value: 'ada@example.org' }] },
    });
    await coordinator.waitFor('the erasure to complete', async () => {
      const view = await coordinator.api<{ status: string }>('GET', `/v1/erasure-requests/${body.id}`);
      return view.body.status === 'completed' ? true : undefined;
    });
    await expect(users.get(ada.id)).rejects.toThrow('does not exist');

    // a replay (a late event, a restored backup) brings the same sign-up again
    await expect(users.create(signUp)).rejects.toThrow(ConflictException);
    await expect(users.findByEmail('ada@example.org')).resolves.toEqual([]);
    // other people are not affected
    await expect(users.create({ email: 'ada.lovelace@example.org', name: 'Ada L.' })).resolves.toBeDefined();

    // the person comes back and signs up again themselves
    const again = await users.create({ ...signUp, signUpAgain: true });
    expect(again.email).toBe('ada@example.org');
  });
});
