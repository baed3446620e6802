import { absent, deleted, notFound, present } from '@lethe/deletion-sdk';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import { VerificationRepository } from './verification.repository';

interface Verification {
  status: string;
  services: { service: string; status: string; errorCode: string | null }[];
  findings: { service: string; store: string; records: number; followUpRequestId: string | null }[];
}
interface RequestView {
  id: string;
  status: string;
  verification: Verification;
}

/**
 * The verification pass against real PostgreSQL, Kafka and Redis: a service whose store holds the subject again
 * (a restore behind Lethe's back) reports it, the finding is on the request and in the ledger, one re-erase opens
 * a follow-up that completes, and the follow-up's own verification is absent.
 */
describe('verification pass (real PostgreSQL, Kafka and Redis)', () => {
  const harness = new CoordinatorHarness({
    LETHE_VERIFY_AFTER_MS: '500',
    LETHE_VERIFY_POLL_INTERVAL_MS: '200',
  });
  /** The accounts store: emails of the subjects it holds. */
  const users = new Set<string>();
  /**
   * What the verify handler waits for before it looks: the pass may ask as soon as LETHE_VERIFY_AFTER_MS after the
   * completion, which a loaded machine can let go by before the test has seen the completion and restored the row.
   */
  let restored: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    await harness.start();
    await harness.startService(
      'accounts',
      {
        users: (ctx) => {
          const held = ctx.valuesOf('email').filter((email) => users.delete(email));
          return held.length > 0 ? deleted(held.length) : notFound();
        },
      },
      {
        users: async (ctx) => {
          await restored;
          return ctx.valuesOf('email').some((email) => users.has(email)) ? present(1) : absent();
        },
      },
    );
    // a service without verify handlers: it cannot tell, and says so
    await harness.startService('legacy', { files: () => notFound() });
    await harness.waitForService('accounts');
    await harness.waitForService('legacy');
  });
  afterAll(() => harness.stop());

  const request = async (id: string) =>
    (await harness.api<RequestView>('GET', `/v1/erasure-requests/${id}`)).body;
  const auditTypes = async (id: string) =>
    (
      await harness.api<{ events: { type: string; data: unknown }[] }>(
        'GET',
        `/v1/erasure-requests/${id}/audit`,
      )
    ).body.events;
  const verified = (id: string) =>
    harness.waitFor(`request ${id} to be verified`, async () => {
      const view = await request(id);
      const answered = view.verification.services.every((s) => s.status !== 'pending' && s.status !== 'sent');
      return view.verification.services.length === 2 && answered ? view : undefined;
    });
  const completed = (id: string) =>
    harness.waitFor(`request ${id} to complete`, async () => {
      const view = await request(id);
      return view.status === 'completed' ? view : undefined;
    });

  it('reports resurrected data as a finding, re-erases it with one action, and verifies the follow-up absent', async () => {
    let restore!: () => void;
    restored = new Promise((resolve) => (restore = resolve));
    users.add('back@example.org');
    const submitted = await harness.api<RequestView>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'email', value: 'back@example.org' }] },
    });
    expect(submitted.status).toBe(201);
    const original = await completed(submitted.body.id);
    expect(users.has('back@example.org')).toBe(false);
    // restored from a backup behind Lethe's back, before the verification pass looks
    users.add('back@example.org');
    restore();

    const view = await verified(original.id);
    expect(view.verification.status).toBe('present');
    expect(view.verification.services).toEqual([
      expect.objectContaining({ service: 'accounts', status: 'present' }),
      expect.objectContaining({ service: 'legacy', status: 'failed', errorCode: 'NO_VERIFY_HANDLER' }),
    ]);
    expect(view.verification.findings).toEqual([
      expect.objectContaining({ service: 'accounts', store: 'users', records: 1, followUpRequestId: null }),
    ]);
    const events = await auditTypes(original.id);
    const found = events.find((event) => event.type === 'request.resurrected_data_found');
    expect(found?.data).toEqual({
      service: 'accounts',
      verificationId: expect.any(String),
      findings: [{ store: 'users', records: 1 }],
    });
    expect(JSON.stringify(events)).not.toContain('back@example.org');

    const reErased = await harness.api<RequestView>('POST', `/v1/erasure-requests/${original.id}/re-erase`);
    expect(reErased.status).toBe(200);
    const followUpId = reErased.body.id;
    expect(followUpId).not.toBe(original.id);
    await completed(followUpId);
    expect(users.has('back@example.org')).toBe(false);
    expect((await request(original.id)).verification.findings[0].followUpRequestId).toBe(followUpId);
    expect((await auditTypes(original.id)).map((event) => event.type)).toContain('request.re_erasure_opened');

    const again = await harness.api<{ code: string }>('POST', `/v1/erasure-requests/${original.id}/re-erase`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NO_OPEN_FINDING');

    const followUp = await verified(followUpId);
    expect(followUp.verification.services.find((s) => s.service === 'accounts')?.status).toBe('absent');
    expect(followUp.verification.findings).toEqual([]);
  }, 60_000);

  it('answers 409 for a request without findings and 404 for an unknown one', async () => {
    const missing = await harness.api(
      'POST',
      '/v1/erasure-requests/6f1c0d4e-8a1b-4c2d-9e3f-0a1b2c3d4e5f/re-erase',
    );
    expect(missing.status).toBe(404);
  });

  it('keeps an answer that arrives while it cannot be recorded, and records it once PostgreSQL answers again', async () => {
    const repository = harness.app.get(VerificationRepository);
    const record = repository.recordVerdict.bind(repository);
    let failures = 0;
    // a passing fault, as the pg driver reports a refused connection; the same message must be read again
    const spy = jest.spyOn(repository, 'recordVerdict').mockImplementation(async (result, now) => {
      if (failures < 2) {
        failures += 1;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      }
      return record(result, now);
    });
    try {
      const submitted = await harness.api<RequestView>('POST', '/v1/erasure-requests', {
        regulation: 'gdpr',
        subject: { identities: [{ type: 'email', value: 'paused@example.org' }] },
      });
      expect(submitted.status).toBe(201);
      await completed(submitted.body.id);
      const view = await verified(submitted.body.id);
      expect(failures).toBe(2);
      expect(view.verification.services).toEqual([
        expect.objectContaining({ service: 'accounts', status: 'absent' }),
        expect.objectContaining({ service: 'legacy', status: 'failed', errorCode: 'NO_VERIFY_HANDLER' }),
      ]);
    } finally {
      spy.mockRestore();
    }
  }, 60_000);
});
