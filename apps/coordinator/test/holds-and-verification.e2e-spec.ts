import { randomUUID } from 'node:crypto';
import { DEMO_CUSTOMERS, SeededCustomer, seedCustomer, ShopCustomer } from '../../../scripts/lib/sample-shop';
import { SAMPLE_SERVICES } from '../../../scripts/lib/stack';
import { E2eEnvironment } from './support/e2e-environment';

interface TaskBody {
  service: string;
  status: string;
  retention: { basis: string; note?: string } | null;
}

interface VerificationBody {
  status: string;
  services: { service: string; status: string; errorCode: string | null }[];
  findings: { service: string; store: string; records: number; followUpRequestId: string | null }[];
}

interface RequestBody {
  id: string;
  status: string;
  tasks: TaskBody[];
  verification: VerificationBody;
}

/**
 * The pass looks an hour after completion; the test makes a request's pass due when it is ready for it, by moving
 * its completion back. With a pass due seconds after completion, a loaded machine could let it look before the
 * test had restored the account behind Lethe's back, and it found nothing.
 */
const VERIFY_AFTER_MS = 60 * 60_000;

const person = (tag: string): ShopCustomer => ({
  ...DEMO_CUSTOMERS[1],
  email: `${tag}.${randomUUID().slice(0, 8)}@example.org`,
});

describe('legal holds and the verification pass, across the sample shop as real processes', () => {
  const env = new E2eEnvironment();
  const url = (service: string) => env.stack.url(service);

  beforeAll(async () => {
    await env.start(SAMPLE_SERVICES, {
      LETHE_VERIFY_AFTER_MS: String(VERIFY_AFTER_MS),
      LETHE_VERIFY_POLL_INTERVAL_MS: '300',
      LETHE_HOLD_POLL_INTERVAL_MS: '500',
    });
    await env.waitFor('every sample service to register', async () => {
      const { body } = await env.api<{ items: { name: string }[] }>('GET', '/v1/services');
      const names = body.items.map((s) => s.name);
      return SAMPLE_SERVICES.every((name) => names.includes(name)) ? true : undefined;
    });
  });

  afterAll(async () => {
    await env.stop();
  });

  const submit = async (customer: ShopCustomer, seeded: SeededCustomer) => {
    const { status, body } = await env.api<RequestBody>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: {
        identities: [
          { type: 'email', value: customer.email },
          { type: 'user_id', value: seeded.userId },
        ],
      },
    });
    expect(status).toBe(201);
    return body;
  };

  const read = async (id: string) => (await env.api<RequestBody>('GET', `/v1/erasure-requests/${id}`)).body;

  const until = (what: string, id: string, test: (request: RequestBody) => boolean) =>
    env.waitFor(what, async () => {
      const request = await read(id);
      return test(request) ? request : undefined;
    });

  /** As if the hour the verification pass waits after a completion had gone by. */
  const makeVerificationDue = (id: string) =>
    env.query(
      'coordinator',
      `UPDATE erasure_requests SET completed_at = completed_at - make_interval(secs => $2::double precision / 1000)
        WHERE id = $1`,
      [id, VERIFY_AFTER_MS],
    );

  const accountRows = (userId: string) =>
    env.query<{ id: string }>('accounts', 'SELECT id FROM users WHERE id = $1', [userId]);

  it('answers a held subject as retained without dispatching, and erases them when the hold is released', async () => {
    const held = person('held');
    const seeded = await seedCustomer(url, held);
    const hold = await env.api<{ id: string }>('POST', '/v1/legal-holds', {
      identities: [{ type: 'email', value: held.email }],
      basis: 'litigation',
      reason: 'case 2027-CV-0193',
    });
    expect(hold.status).toBe(201);

    const request = await submit(held, seeded);
    expect(request.status).toBe('completed');
    expect(request.tasks.every((task) => task.status === 'retained')).toBe(true);
    expect(request.tasks[0].retention?.basis).toMatch(/^GDPR Art\. 17\(3\)\(e\)/);
    // nothing was dispatched: a command goes out only from an outbox row, written with the request (in the
    // transaction that answered above) or by a retry, which a completed request never gets; and it has none, so
    // the services still hold the person
    const outbox = await env.query<{ n: number }>(
      'coordinator',
      `SELECT count(*)::int AS n FROM outbox_messages o JOIN erasure_tasks t ON t.id = o.task_id
        WHERE t.request_id = $1`,
      [request.id],
    );
    expect(outbox).toEqual([{ n: 0 }]);
    await expect(accountRows(seeded.userId)).resolves.toHaveLength(1);

    const released = await env.api<{ followUpRequestIds: string[] }>(
      'DELETE',
      `/v1/legal-holds/${hold.body.id}`,
    );
    expect(released.status).toBe(200);
    expect(released.body.followUpRequestIds).toHaveLength(1);
    const [followUpId] = released.body.followUpRequestIds;
    const followUp = await until(
      'the follow-up erasure to complete',
      followUpId,
      (r) => r.status === 'completed',
    );
    expect(followUp.tasks.find((task) => task.service === 'accounts')?.status).toBe('deleted');
    await expect(accountRows(seeded.userId)).resolves.toEqual([]);
  });

  it('finds an account restored behind its back, re-erases it with one action, and then finds it gone', async () => {
    const restored = person('restored');
    const seeded = await seedCustomer(url, restored);
    const request = await submit(restored, seeded);
    await until('the erasure to complete', request.id, (r) => r.status === 'completed');
    await expect(accountRows(seeded.userId)).resolves.toEqual([]);

    // a backup restore brings the account back, without Lethe knowing
    await env.query(
      'accounts',
      `INSERT INTO users (id, email, name, created_at) VALUES ($1, $2, $3, now())`,
      [seeded.userId, restored.email, restored.name],
    );
    await makeVerificationDue(request.id);

    // a finding makes the pass 'present' at once; the services' other answers may still be on the way
    const found = await until(
      'the verification pass to find it and every service to answer',
      request.id,
      (r) =>
        r.verification.findings.some((finding) => finding.service === 'accounts') &&
        r.verification.services.every((s) => s.status !== 'pending' && s.status !== 'sent'),
    );
    expect(found.verification.status).toBe('present');
    expect(found.verification.findings).toEqual([
      expect.objectContaining({
        service: 'accounts',
        store: 'postgres',
        records: 1,
        followUpRequestId: null,
      }),
    ]);
    // services without a verify handler say they could not check, never that the person is gone
    expect(found.verification.services.find((s) => s.service === 'cart')).toMatchObject({
      status: 'failed',
      errorCode: 'NO_VERIFY_HANDLER',
    });

    const reErase = await env.api<{ followUpRequestId?: string; id?: string }>(
      'POST',
      `/v1/erasure-requests/${request.id}/re-erase`,
      {},
    );
    expect([200, 201]).toContain(reErase.status);
    const linked = await until('the finding to be linked to its follow-up', request.id, (r) =>
      r.verification.findings.every((finding) => finding.followUpRequestId !== null),
    );
    const followUpId = linked.verification.findings[0].followUpRequestId!;
    await until('the re-erasure to complete', followUpId, (r) => r.status === 'completed');
    await expect(accountRows(seeded.userId)).resolves.toEqual([]);
    await makeVerificationDue(followUpId);

    const verified = await until('the re-erasure to be verified', followUpId, (r) =>
      r.verification.services.some((s) => s.service === 'accounts' && s.status === 'absent'),
    );
    expect(verified.verification.findings).toEqual([]);
  });
});
