import { deleted } from '@lethe/deletion-sdk';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import { HoldExpiryPoller } from '../hold-releases/hold-expiry.poller';
import { IdentityShreddingService } from '../shredding/identity-shredding.service';

interface Task {
  service: string;
  status: string;
  retention: { basis: string; note?: string } | null;
}
interface RequestView {
  id: string;
  status: string;
  identitiesShreddedAt: string | null;
  tasks: Task[];
}
interface Hold {
  id: string;
  active: boolean;
  identityHashes: string[];
  releasedAt: string | null;
  releaseReason: string | null;
}

describe('legal holds (real PostgreSQL, Kafka, Redis and an SDK service)', () => {
  // shred as soon as a request is finished, so the spec shows a held-back request keeping its identities
  const harness = new CoordinatorHarness({
    LETHE_SHRED_AFTER_MS: '0',
    // identities go at once, so there is nothing left to verify with
    LETHE_VERIFY_ENABLED: 'false',
    LETHE_SHRED_POLL_INTERVAL_MS: '3600000',
    LETHE_HOLD_POLL_INTERVAL_MS: '3600000',
  });
  const erased: string[][] = [];

  beforeAll(async () => {
    await harness.start();
    await harness.startService('shop', {
      db: async (ctx) => {
        erased.push(ctx.valuesOf('email'));
        return deleted(1);
      },
    });
    await harness.waitForService('shop');
  });
  afterAll(() => harness.stop());

  const place = (email: string, extra: Record<string, unknown> = {}) =>
    harness.api<Hold>('POST', '/v1/legal-holds', {
      identities: [{ type: 'email', value: email }],
      basis: 'litigation',
      reason: 'case 2027-CV-0193',
      ...extra,
    });
  const submit = async (email: string, regulation = 'gdpr') => {
    const { status, body } = await harness.api<RequestView>('POST', '/v1/erasure-requests', {
      regulation,
      subject: {
        identities: [
          { type: 'user_id', value: `u-${email}` },
          { type: 'email', value: email },
        ],
      },
    });
    expect(status).toBe(201);
    return body;
  };
  const request = async (id: string) =>
    (await harness.api<RequestView>('GET', `/v1/erasure-requests/${id}`)).body;
  const auditTypes = async (id: string) =>
    (
      await harness.api<{ events: { type: string }[] }>('GET', `/v1/erasure-requests/${id}/audit`)
    ).body.events.map((event) => event.type);
  const completed = (id: string) =>
    harness.waitFor(`request ${id} to complete`, async () => {
      const view = await request(id);
      return view.status === 'completed' ? view : undefined;
    });

  it('answers a held subject as retained under the basis, dispatches nothing, and erases on release', async () => {
    const hold = await place(' Held@Example.org ');
    expect(hold.status).toBe(201);
    expect(hold.body.active).toBe(true);
    expect(hold.text).not.toContain('held@example.org');
    expect(hold.body.identityHashes).toEqual([harness.keys.hashIdentity('email', 'held@example.org')]);

    const held = await submit('held@example.org');
    expect(held.status).toBe('completed');
    expect(held.tasks).toEqual([
      expect.objectContaining({
        service: 'shop',
        status: 'retained',
        retention: {
          basis: expect.stringMatching(/^GDPR Art\. 17\(3\)\(e\)/),
          note: `legal hold ${hold.body.id} (litigation)`,
        },
      }),
    ]);
    const outbox = await harness.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_messages o JOIN erasure_tasks t ON t.id = o.task_id WHERE t.request_id = $1`,
      [held.id],
    );
    expect(outbox[0].n).toBe(0);
    expect(await auditTypes(held.id)).toEqual(['request.received', 'request.held', 'request.completed']);

    // retained, not erased: the person is not on the suppression list
    const check = async () =>
      (
        await harness.api<{ results: { suppressed: boolean }[] }>('POST', '/v1/suppression/check', {
          identities: [{ type: 'email', value: 'HELD@example.org' }],
        })
      ).body.results;
    expect(await check()).toEqual([{ suppressed: false }]);

    // finished, but its erasure is still owed: the shredder keeps the identities the follow-up needs
    await harness.app.get(IdentityShreddingService).shredDue();
    expect((await request(held.id)).identitiesShreddedAt).toBeNull();
    expect(erased).toEqual([]);

    const released = await harness.api<{ hold: Hold; followUpRequestIds: string[] }>(
      'DELETE',
      `/v1/legal-holds/${hold.body.id}`,
    );
    expect(released.status).toBe(200);
    expect(released.body.hold).toMatchObject({ active: false, releaseReason: 'released' });
    expect(released.body.followUpRequestIds).toHaveLength(1);
    const followUp = await completed(released.body.followUpRequestIds[0]);
    expect(followUp.tasks.map((t) => t.status)).toEqual(['deleted']);
    expect(erased).toEqual([['held@example.org']]);
    expect(await check()).toEqual([{ suppressed: true }]);
    expect(await auditTypes(held.id)).toContain('request.follow_up_opened');
    const link = await harness.query<{ follow_up_request_id: string }>(
      `SELECT follow_up_request_id FROM legal_hold_requests WHERE request_id = $1`,
      [held.id],
    );
    expect(link).toEqual([{ follow_up_request_id: followUp.id }]);

    // once the follow-up exists, the original's identities may go
    await harness.app.get(IdentityShreddingService).shredDue();
    expect((await request(held.id)).identitiesShreddedAt).not.toBeNull();

    const again = await harness.api<{ code: string }>('DELETE', `/v1/legal-holds/${hold.body.id}`);
    expect([again.status, again.body.code]).toEqual([409, 'LEGAL_HOLD_ALREADY_RELEASED']);
    const streams = await harness.query<{ type: string; actor: string }>(
      `SELECT type, actor FROM audit_events WHERE stream = 'legal-holds' ORDER BY seq`,
    );
    expect(streams.map((e) => e.type)).toEqual(['legal_hold.placed', 'legal_hold.released']);
    expect(streams.every((e) => e.actor === 'api-key:bootstrap')).toBe(true);
  });

  it('cites the CCPA for a CCPA request, and leaves other subjects alone', async () => {
    const hold = await place('fraud@example.org', { basis: 'fraud' });
    const held = await submit('fraud@example.org', 'ccpa');
    expect(held.tasks[0].retention?.basis).toMatch(/^CCPA §1798\.105\(d\)\(2\)/);
    const free = await submit('free@example.org');
    expect((await completed(free.id)).tasks[0].status).toBe('deleted');
    await harness.api('DELETE', `/v1/legal-holds/${hold.body.id}`);
  });

  it('releases a hold whose end date passed through the poller, and opens the follow-up', async () => {
    // The hold ends a minute from now by the test clock, which is then moved past it: a hold ending a moment
    // from now by real time may already have ended when a loaded machine gets to the submission. A minute keeps the
    // follow-up's commands well inside the clock skew the SDK accepts (5 minutes).
    const HOLD_MS = 60_000;
    const endsAt = new Date(harness.clock.now().getTime() + HOLD_MS).toISOString();
    const hold = await place('lapsing@example.org', { endsAt, basis: 'subpoena' });
    const held = await submit('lapsing@example.org');
    expect(held.tasks[0].retention?.basis).toMatch(/^GDPR Art\. 17\(3\)\(b\)/);

    const poller = harness.app.get(HoldExpiryPoller);
    await expect(poller.releaseExpired()).resolves.toEqual({ expired: 0, stragglers: 0 });
    harness.clock.advance(HOLD_MS + 1000);
    await expect(poller.releaseExpired()).resolves.toEqual({ expired: 1, stragglers: 0 });

    const lapsed = await harness.api<Hold>('GET', `/v1/legal-holds/${hold.body.id}`);
    expect(lapsed.body).toMatchObject({ active: false, releaseReason: 'expired' });
    const [link] = await harness.query<{ follow_up_request_id: string }>(
      `SELECT follow_up_request_id FROM legal_hold_requests WHERE request_id = $1`,
      [held.id],
    );
    expect((await completed(link.follow_up_request_id)).tasks[0].status).toBe('deleted');
    // a lapsed hold no longer holds anyone
    const after = await submit('lapsing@example.org');
    expect(after.tasks[0].status).not.toBe('retained');
  });

  it('lists active holds for admins only, and refuses bad input with a reason', async () => {
    const hold = await place('listed@example.org');
    const list = await harness.api<{ items: Hold[] }>('GET', '/v1/legal-holds');
    expect(list.body.items.map((h) => h.id)).toContain(hold.body.id);
    expect(list.body.items.every((h) => h.active)).toBe(true);
    const all = await harness.api<{ items: Hold[] }>('GET', '/v1/legal-holds?includeReleased=true');
    expect(all.body.items.some((h) => h.releasedAt !== null)).toBe(true);

    const operator = await harness.api<{ key: string }>('POST', '/v1/api-keys', {
      name: 'ops',
      role: 'operator',
    });
    for (const [method, route, body] of [
      ['GET', '/v1/legal-holds', undefined],
      [
        'POST',
        '/v1/legal-holds',
        { identities: [{ type: 'email', value: 'x@example.org' }], basis: 'fraud', reason: 'r' },
      ],
      ['DELETE', `/v1/legal-holds/${hold.body.id}`, undefined],
    ] as const) {
      expect([method, (await harness.api(method, route, body, operator.body.key)).status]).toEqual([
        method,
        403,
      ]);
    }

    const bad = async (body: Record<string, unknown>) =>
      harness.api<{ message: unknown }>('POST', '/v1/legal-holds', {
        identities: [{ type: 'email', value: 'bad@example.org' }],
        basis: 'litigation',
        reason: 'case 1',
        ...body,
      });
    expect((await bad({ basis: 'because' })).status).toBe(400);
    expect((await bad({ reason: 'asked by bad@example.org' })).status).toBe(400);
    expect((await bad({ identities: [] })).status).toBe(400);
    expect((await bad({ identities: [{ type: 'email', value: 'not-an-email' }] })).status).toBe(400);
    expect((await bad({ endsAt: 'tomorrow' })).status).toBe(400);
    const past = await bad({ endsAt: '2001-01-01T00:00:00Z' });
    expect([past.status, (past.body as { code?: string }).code]).toEqual([
      422,
      'LEGAL_HOLD_ENDS_IN_THE_PAST',
    ]);
    const missing = await harness.api<{ code: string }>(
      'DELETE',
      '/v1/legal-holds/8f0a6f52-3a4e-4c54-9d9f-6a0e3c1b2d4e',
    );
    expect([missing.status, missing.body.code]).toEqual([404, 'LEGAL_HOLD_NOT_FOUND']);
  });
});
