import { deleted, ErasureContext, notFound } from '@lethe/deletion-sdk';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';

describe('result handling (in-process coordinator, real Kafka and PostgreSQL)', () => {
  const harness = new CoordinatorHarness();

  beforeAll(async () => {
    await harness.start();
    await harness.startService('billing', {
      db: async (ctx: ErasureContext) => (ctx.valuesOf('email').length ? deleted(3) : notFound()),
    });
    await harness.waitForService('billing');
  });
  afterAll(() => harness.stop());

  it('completes a request when the only service reports deleted', async () => {
    const { status, body } = await harness.api<{ id: string }>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'email', value: 'x@example.org' }] },
    });
    expect(status).toBe(201);
    const done = await harness.waitFor('completion', async () => {
      const r = await harness.api<{ status: string; tasks: { recordsAffected: number }[] }>(
        'GET',
        `/v1/erasure-requests/${body.id}`,
      );
      return r.body.status === 'completed' ? r.body : undefined;
    });
    expect(done.tasks[0].recordsAffected).toBe(3);
  });
});
