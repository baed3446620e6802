import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DeletionClientErrorCode } from '../core/deletion-client.error';
import type { ErasureContext } from '../core/erasure-context';
import { deleted, HandlerOutcome, notFound, retained } from '../core/handler-outcome';
import { silentLogger } from '../core/sdk-logger';
import { DeletionSdkModule } from './deletion-sdk.module';
import { createNestErasureHarness } from './nest-erasure-harness';
import { OnErasure } from './on-erasure.decorator';
import { aCommandVerificationKey } from '../../test/factories/command-keys.factory';

@Injectable()
class FakeUsersRepository {
  rows = new Map([['ada@example.org', 2]]);
}

@Injectable()
class AccountsEraser {
  constructor(private readonly users: FakeUsersRepository) {}

  @OnErasure('postgres')
  async erase(ctx: ErasureContext): Promise<HandlerOutcome> {
    let n = 0;
    for (const email of ctx.valuesOf('email')) {
      n += this.users.rows.get(email) ?? 0;
      if (!ctx.dryRun) this.users.rows.delete(email);
    }
    return n > 0 ? deleted(n) : notFound();
  }
}

@Injectable()
class InvoiceKeeper {
  @OnErasure('invoices')
  keep(): HandlerOutcome {
    return retained('tax-records-10y', 'invoices kept for tax law');
  }
}

describe(createNestErasureHarness.name, () => {
  it("runs a module's handlers without Kafka or DeletionSdkModule", async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [AccountsEraser, FakeUsersRepository],
    }).compile();
    const harness = createNestErasureHarness(moduleRef, { service: 'accounts' });
    const identities = [{ type: 'email' as const, value: 'ada@example.org' }];

    await expect(harness.run({ identities, dryRun: true })).resolves.toMatchObject({
      outcome: 'deleted',
      recordsAffected: 2,
    });
    expect(moduleRef.get(FakeUsersRepository).rows.size).toBe(1);
    await expect(harness.run({ identities })).resolves.toMatchObject({
      outcome: 'deleted',
      recordsAffected: 2,
    });
    await expect(harness.run({ identities })).resolves.toMatchObject({
      outcome: 'not_found',
      recordsAffected: 0,
    });
    await moduleRef.close();
  });

  it("takes the service from an imported DeletionSdkModule, and aggregates the module's handlers", async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        DeletionSdkModule.forRoot({
          service: 'orders',
          brokers: ['127.0.0.1:1'],
          signingKey: { id: 'k1', secret: 'a-secret-of-32-characters-000000' },
          commandVerificationKeys: [aCommandVerificationKey()],
          identityTypes: ['email'],
          dataCategories: ['orders'],
          logger: silentLogger,
          autoStart: false,
        }),
      ],
      providers: [AccountsEraser, FakeUsersRepository, InvoiceKeeper],
    }).compile();
    const result = await createNestErasureHarness(moduleRef).run({
      identities: [{ type: 'email', value: 'ada@example.org' }],
    });
    expect(result).toMatchObject({
      service: 'orders',
      outcome: 'retained',
      recordsAffected: 2,
      retention: { basis: 'tax-records-10y', note: 'invoices kept for tax law' },
    });
    await moduleRef.close();
  });

  it('asks for the service when it cannot find one', async () => {
    const moduleRef = await Test.createTestingModule({ providers: [InvoiceKeeper] }).compile();
    expect(() => createNestErasureHarness(moduleRef)).toThrow(
      expect.objectContaining({ code: DeletionClientErrorCode.InvalidOptions }),
    );
    await moduleRef.close();
  });
});
