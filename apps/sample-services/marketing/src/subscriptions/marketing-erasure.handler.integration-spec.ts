import { createHandlerTestBed, HandlerTestBed } from '../../../shared/testing/handler-test-bed';
import { MARKETING_SCHEMA } from '../database/marketing-schema';
import { FaultInjectionService, INJECTED_FAILURE } from '../faults/fault-injection.service';
import { MarketingConfig } from '../marketing-config';
import { MarketingErasureHandler } from './marketing-erasure.handler';
import { SubscriptionsService } from './subscriptions.service';

const ada = [{ type: 'email' as const, value: 'ada@example.org' }];

describe(MarketingErasureHandler.name, () => {
  let bed: HandlerTestBed;
  let subscriptions: SubscriptionsService;
  let faults: FaultInjectionService;

  beforeEach(async () => {
    const config = Object.assign(new MarketingConfig(), { failNext: 0, failRetriable: true, latencyMs: 0 });
    bed = await createHandlerTestBed('marketing', MARKETING_SCHEMA, [
      MarketingErasureHandler,
      SubscriptionsService,
      FaultInjectionService,
      { provide: MarketingConfig, useValue: config },
    ]);
    subscriptions = bed.moduleRef.get(SubscriptionsService);
    faults = bed.moduleRef.get(FaultInjectionService);
    await subscriptions.subscribe({ email: 'ada@example.org', topics: ['new-engines'] });
    await subscriptions.subscribe({ email: 'grace@example.org', topics: ['compilers'] });
  });

  afterEach(async () => {
    await bed?.close();
  });

  it('deletes the person’s subscription, and only theirs', async () => {
    await expect(bed.harness.run({ identities: ada })).resolves.toMatchObject({
      outcome: 'deleted',
      recordsAffected: 1,
    });
    await expect(subscriptions.findByEmail('ada@example.org')).resolves.toEqual([]);
    await expect(subscriptions.findByEmail('grace@example.org')).resolves.toHaveLength(1);
    await expect(bed.harness.run({ identities: ada })).resolves.toMatchObject({ outcome: 'not_found' });
  });

  it('counts in a dry run without deleting, and finds nobody by an identity type it does not hold', async () => {
    await expect(bed.harness.run({ dryRun: true, identities: ada })).resolves.toMatchObject({
      outcome: 'deleted',
      recordsAffected: 1,
    });
    await expect(subscriptions.findByEmail('ada@example.org')).resolves.toHaveLength(1);
    await expect(
      bed.harness.run({ identities: [{ type: 'user_id', value: 'u-ada' }] }),
    ).resolves.toMatchObject({ outcome: 'not_found' });
  });

  it('fails the next N commands through the SDK’s local retries, then erases on the next command', async () => {
    faults.configureFailures({ count: 2, retriable: true });
    const tries = jest.spyOn(faults, 'beforeErasure');
    const failed = {
      outcome: 'failed',
      error: { code: INJECTED_FAILURE, retriable: true, message: expect.stringContaining('told to fail') },
    };

    await expect(bed.harness.run({ identities: ada, attempt: 1 })).resolves.toMatchObject(failed);
    expect(tries).toHaveBeenCalledTimes(3); // every local try of the command failed
    await expect(bed.harness.run({ identities: ada, attempt: 2 })).resolves.toMatchObject(failed);
    await expect(subscriptions.findByEmail('ada@example.org')).resolves.toHaveLength(1);

    await expect(bed.harness.run({ identities: ada, attempt: 3 })).resolves.toMatchObject({
      outcome: 'deleted',
      recordsAffected: 1,
    });
    expect(tries).toHaveBeenCalledTimes(7);
    expect(faults.settings()).toEqual({ failNext: 0, retriable: true, latencyMs: 0 });
  });

  it('reports a permanent failure without retrying it locally', async () => {
    faults.configureFailures({ count: 1, retriable: false });
    const tries = jest.spyOn(faults, 'beforeErasure');
    await expect(bed.harness.run({ identities: ada })).resolves.toMatchObject({
      outcome: 'failed',
      error: { code: INJECTED_FAILURE, retriable: false },
    });
    expect(tries).toHaveBeenCalledTimes(1);
  });

  it('answers slowly when told to', async () => {
    faults.configureLatency({ ms: 300 });
    const started = Date.now();
    await expect(bed.harness.run({ identities: ada })).resolves.toMatchObject({ outcome: 'deleted' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });
});
