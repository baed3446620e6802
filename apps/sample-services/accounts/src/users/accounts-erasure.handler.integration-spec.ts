import { createHandlerTestBed, HandlerTestBed } from '../../../shared/testing/handler-test-bed';
import { ACCOUNTS_SCHEMA } from '../database/accounts-schema';
import { AccountsErasureHandler } from './accounts-erasure.handler';
import { UsersService } from './users.service';

describe(AccountsErasureHandler.name, () => {
  let bed: HandlerTestBed;
  let users: UsersService;

  beforeEach(async () => {
    bed = await createHandlerTestBed('accounts', ACCOUNTS_SCHEMA, [AccountsErasureHandler, UsersService]);
    users = bed.moduleRef.get(UsersService);
  });

  afterEach(async () => {
    await bed?.close();
  });

  it('deletes the user and profile found by email, and leaves other people alone', async () => {
    const ada = await users.create({ email: 'ada@example.org', name: 'Ada', phone: '+442071838750' });
    const grace = await users.create({ email: 'grace@example.org', name: 'Grace' });

    await expect(
      bed.harness.run({ identities: [{ type: 'email', value: 'ada@example.org' }] }),
    ).resolves.toMatchObject({ outcome: 'deleted', recordsAffected: 2 });

    await expect(users.get(ada.id)).rejects.toThrow(`user ${ada.id} does not exist`);
    await expect(users.get(grace.id)).resolves.toEqual(grace);
  });

  it('finds a user by id, and ignores a user_id that is not one of its uuids', async () => {
    const ada = await users.create({ email: 'ada@example.org', name: 'Ada' });
    await expect(
      bed.harness.run({
        identities: [
          { type: 'user_id', value: 'not-a-uuid' },
          { type: 'user_id', value: ada.id },
        ],
      }),
    ).resolves.toMatchObject({ outcome: 'deleted', recordsAffected: 2 });
    await expect(users.findByEmail('ada@example.org')).resolves.toEqual([]);
  });

  it('counts in a dry run without deleting, and reports not_found when nothing matches', async () => {
    const ada = await users.create({ email: 'ada@example.org', name: 'Ada' });
    await expect(
      bed.harness.run({ dryRun: true, identities: [{ type: 'email', value: 'ada@example.org' }] }),
    ).resolves.toMatchObject({ outcome: 'deleted', recordsAffected: 2 });
    await expect(users.get(ada.id)).resolves.toEqual(ada);
    await expect(
      bed.harness.run({ identities: [{ type: 'email', value: 'nobody@example.org' }] }),
    ).resolves.toMatchObject({ outcome: 'not_found' });
  });

  it('verifies the subject absent after erasure, and present again when the row comes back behind its back', async () => {
    const ada = await users.create({ email: 'ada@example.org', name: 'Ada', phone: '+442071838750' });
    const subject = [{ type: 'email' as const, value: 'ada@example.org' }];
    await expect(bed.harness.verify(subject)).resolves.toMatchObject({
      verdict: 'present',
      findings: [{ store: 'postgres', records: 2 }],
    });
    await bed.harness.run({ identities: subject });
    await expect(bed.harness.verify(subject)).resolves.toMatchObject({ verdict: 'absent' });
    await users.create({ email: 'ada@example.org', name: 'Ada restored' });
    await expect(bed.harness.verify([{ type: 'user_id', value: ada.id }, ...subject])).resolves.toMatchObject(
      {
        verdict: 'present',
        findings: [{ store: 'postgres', records: 2 }],
      },
    );
  });
});
