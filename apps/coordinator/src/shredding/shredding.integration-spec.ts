import { deleted } from '@lethe/deletion-sdk';
import { Redis } from 'ioredis';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import { OutboxRelay } from '../dispatch/outbox-relay';
import { IDENTITIES_SHREDDED_EVENT } from './identity-shredding.repository';
import { IdentityShreddingService } from './identity-shredding.service';

const HOUR = 60 * 60_000;
const WINDOW_MS = HOUR;
const SERVICE = 'vault';

interface RequestView {
  id: string;
  status: string;
  completedAt: string | null;
  cancelledAt: string | null;
  identitiesShreddedAt: string | null;
  identitiesShredDueAt: string | null;
  tasks: { service: string; status: string }[];
}

interface StoredRequest {
  sealed: boolean;
  wrapped: boolean;
  shreddedAt: Date | null;
}

describe('crypto-shredding (real PostgreSQL, Kafka and Redis)', () => {
  const harness = new CoordinatorHarness({
    LETHE_SHRED_AFTER_MS: String(WINDOW_MS),
    LETHE_VERIFY_ENABLED: 'false',
    LETHE_SHRED_POLL_INTERVAL_MS: '200',
    LETHE_SHRED_BATCH_SIZE: '5',
  });
  let redis: Redis;

  const submit = async (email: string): Promise<string> => {
    const { status, body } = await harness.api<{ id: string }>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'email', value: email }] },
    });
    expect(status).toBe(201);
    return body.id;
  };
  const get = async (id: string): Promise<RequestView> => {
    const { status, body } = await harness.api<RequestView>('GET', `/v1/erasure-requests/${id}`);
    expect(status).toBe(200);
    return body;
  };
  const waitForStatus = (id: string, status: string): Promise<RequestView> =>
    harness.waitFor(`request ${id} to be ${status}`, async () => {
      const request = await get(id);
      return request.status === status ? request : undefined;
    });
  const cancel = async (id: string): Promise<void> => {
    const { status } = await harness.api('POST', `/v1/erasure-requests/${id}/cancel`, { reason: 'test' });
    expect(status).toBe(200);
  };
  const stored = async (id: string): Promise<StoredRequest> => {
    const [row] = await harness.query<StoredRequest>(
      `SELECT sealed_identities IS NOT NULL AS sealed, wrapped_data_key IS NOT NULL AS wrapped,
              identities_shredded_at AS "shreddedAt"
         FROM erasure_requests WHERE id = $1`,
      [id],
    );
    return row;
  };
  const shredEvents = (id: string) =>
    harness.query<{ actor: string; data: Record<string, unknown> }>(
      `SELECT actor, data FROM audit_events WHERE stream = $1 AND type = $2 ORDER BY seq`,
      [`request:${id}`, IDENTITIES_SHREDDED_EVENT],
    );
  const waitForShredded = (id: string) =>
    harness.waitFor(`request ${id} to be shredded`, async () => {
      const row = await stored(id);
      return row.shreddedAt ? row : undefined;
    });
  const ledgerMentions = async (value: string): Promise<number> => {
    const [row] = await harness.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE data::text ILIKE '%' || $1 || '%'`,
      [value],
    );
    return row.n;
  };
  const startService = () => harness.startService(SERVICE, { db: async () => deleted(1) });

  beforeAll(async () => {
    await harness.start();
    redis = new Redis(harness.config.redisUrl);
    await startService();
    await harness.waitForService(SERVICE);
    await harness.stopServices();
  });
  afterAll(async () => {
    redis?.disconnect();
    await harness.stop();
  });

  describe('a completed and a cancelled request past the window', () => {
    const emails = {
      completed: 'shred-completed@example.org',
      cancelled: 'shred-cancelled@example.org',
      inside: 'shred-inside@example.org',
    };
    const ids = { completed: '', cancelled: '', inside: '' };

    beforeAll(async () => {
      // cancelled while no service consumes, so it cannot complete first
      ids.cancelled = await submit(emails.cancelled);
      await cancel(ids.cancelled);
      await startService();
      ids.completed = await submit(emails.completed);
      const completed = await waitForStatus(ids.completed, 'completed');

      // inside the window: kept, and the API says until when
      expect(completed.identitiesShreddedAt).toBeNull();
      expect(completed.identitiesShredDueAt).toBe(
        new Date(Date.parse(completed.completedAt!) + WINDOW_MS).toISOString(),
      );
      const cancelled = await get(ids.cancelled);
      expect(cancelled.identitiesShredDueAt).toBe(
        new Date(Date.parse(cancelled.cancelledAt!) + WINDOW_MS).toISOString(),
      );
      // a whole pass of the test's own, besides the poller's: nothing is due yet
      await expect(harness.app.get(IdentityShreddingService).shredDue()).resolves.toEqual({
        shredded: 0,
        batches: 0,
      });
      expect(await stored(ids.completed)).toEqual({ sealed: true, wrapped: true, shreddedAt: null });
      expect(await stored(ids.cancelled)).toEqual({ sealed: true, wrapped: true, shreddedAt: null });

      // the shredder keeps nothing in Redis: wipe this coordinator's keys before its window ends
      const keys = await redis.keys(`${harness.config.topicPrefix}lethe*`);
      if (keys.length > 0) await redis.del(...keys);

      // past the window of both; cancelled now, the third is inside its own (the SDK would refuse commands issued
      // by a clock two hours ahead, so the moved clock only cancels)
      harness.clock.advance(2 * WINDOW_MS);
      ids.inside = await submit(emails.inside);
      await cancel(ids.inside);
      await waitForShredded(ids.completed);
      await waitForShredded(ids.cancelled);
    });

    it('destroys the ciphertext and the wrapped key of both, driven by the poller', async () => {
      for (const id of [ids.completed, ids.cancelled]) {
        expect(await stored(id)).toEqual({ sealed: false, wrapped: false, shreddedAt: expect.any(Date) });
      }
    });

    it('leaves a request inside its window untouched', async () => {
      // a whole pass since the request was cancelled: the other two are gone already, and it is not due
      await expect(harness.app.get(IdentityShreddingService).shredDue()).resolves.toEqual({
        shredded: 0,
        batches: 0,
      });
      expect(await stored(ids.inside)).toEqual({ sealed: true, wrapped: true, shreddedAt: null });
      expect(await shredEvents(ids.inside)).toEqual([]);
      expect((await get(ids.inside)).identitiesShreddedAt).toBeNull();
    });

    it('records request.identities_shredded once, with no identity in it or anywhere in the ledger', async () => {
      const completed = await shredEvents(ids.completed);
      expect(completed).toEqual([
        {
          actor: 'system',
          data: {
            status: 'completed',
            terminalAt: (await get(ids.completed)).completedAt,
            shredAfterMs: WINDOW_MS,
            destroyed: ['sealed_identities', 'wrapped_data_key'],
          },
        },
      ]);
      const cancelled = await shredEvents(ids.cancelled);
      expect(cancelled).toHaveLength(1);
      expect(cancelled[0].data).toMatchObject({ status: 'cancelled' });
      for (const email of Object.values(emails)) {
        expect(await ledgerMentions(email)).toBe(0);
        expect(await ledgerMentions(email.split('@')[0])).toBe(0);
      }
    });

    it('still reads the request, its tasks and its audit trail, and the chain verifies', async () => {
      const request = await get(ids.completed);
      expect(request).toMatchObject({ status: 'completed', identitiesShreddedAt: expect.any(String) });
      expect(request.tasks).toEqual([expect.objectContaining({ service: SERVICE, status: 'deleted' })]);
      const [row] = await harness.query<{ at: Date }>(
        `SELECT identities_shredded_at AS at FROM erasure_requests WHERE id = $1`,
        [ids.completed],
      );
      expect(request.identitiesShreddedAt).toBe(row.at.toISOString());

      const audit = await harness.api<{ events: { type: string }[]; chainValid: boolean }>(
        'GET',
        `/v1/erasure-requests/${ids.completed}/audit`,
      );
      expect(audit.status).toBe(200);
      expect(audit.body.chainValid).toBe(true);
      expect(audit.body.events.map((event) => event.type)).toEqual(
        expect.arrayContaining(['request.received', 'request.completed', IDENTITIES_SHREDDED_EVENT]),
      );
      expect(audit.body.events.at(-1)?.type).toBe(IDENTITIES_SHREDDED_EVENT);
      const verify = await harness.api<{ valid: boolean }>('GET', '/v1/audit/verify');
      expect(verify.body.valid).toBe(true);
    });

    it('counts them in lethe_identities_shredded_total', async () => {
      const metrics = await harness.api('GET', '/metrics', undefined, null);
      expect(metrics.text).toMatch(/^lethe_identities_shredded_total\{status="completed"\} 1$/m);
      expect(metrics.text).toMatch(/^lethe_identities_shredded_total\{status="cancelled"\} 1$/m);
    });

    it('is idempotent: another pass changes nothing', async () => {
      const before = await harness.query(
        `SELECT id, identities_shredded_at, updated_at FROM erasure_requests ORDER BY id`,
      );
      const events = await harness.query(`SELECT count(*)::int AS n FROM audit_events`);
      await expect(harness.app.get(IdentityShreddingService).shredDue()).resolves.toEqual({
        shredded: 0,
        batches: 0,
      });
      expect(
        await harness.query(
          `SELECT id, identities_shredded_at, updated_at FROM erasure_requests ORDER BY id`,
        ),
      ).toEqual(before);
      expect(await harness.query(`SELECT count(*)::int AS n FROM audit_events`)).toEqual(events);
    });

    it('refuses an operator retry of a shredded request with 409 IDENTITIES_SHREDDED', async () => {
      for (const id of [ids.completed, ids.cancelled]) {
        const retry = await harness.api<{ code: string; message: string }>(
          'POST',
          `/v1/erasure-requests/${id}/retry`,
        );
        expect(retry.status).toBe(409);
        expect(retry.body.code).toBe('IDENTITIES_SHREDDED');
        expect(retry.body.message).toMatch(/crypto-shredded/);
      }
      // a finished request not yet shredded keeps the old reason
      const inside = await harness.api<{ code: string }>('POST', `/v1/erasure-requests/${ids.inside}/retry`);
      expect(inside.status).toBe(409);
      expect(inside.body.code).toBe('REQUEST_ALREADY_FINISHED');
    });

    it('refuses, records and skips a command for a shredded request instead of blocking the outbox', async () => {
      // an inconsistency the lifecycle never produces (an open task on a shredded request), forced by hand
      const [task] = await harness.query<{ id: string }>(
        `UPDATE erasure_tasks SET status = 'pending' WHERE request_id = $1 RETURNING id`,
        [ids.completed],
      );
      await harness.query(
        `INSERT INTO outbox_messages (command_id, task_id, attempt, created_at)
         VALUES (gen_random_uuid(), $1, 99, now())`,
        [task.id],
      );
      const next = await submit('shred-after-refusal@example.org');
      harness.app.get(OutboxRelay).nudge();
      // the relay goes on publishing other requests' commands
      await harness.waitFor('the next request to be dispatched', async () => {
        const rows = await harness.query(
          `SELECT 1 FROM erasure_tasks WHERE request_id = $1 AND status = 'dispatched'`,
          [next],
        );
        return rows.length > 0 ? true : undefined;
      });
      const [outbox] = await harness.query<{ sent: boolean }>(
        `SELECT sent_at IS NOT NULL AS sent FROM outbox_messages WHERE task_id = $1 AND attempt = 99`,
        [task.id],
      );
      expect(outbox.sent).toBe(true);
      const refused = await harness.query<{ data: Record<string, unknown> }>(
        `SELECT data FROM audit_events WHERE stream = $1 AND type = 'task.dispatch_refused'`,
        [`request:${ids.completed}`],
      );
      expect(refused).toEqual([
        { data: expect.objectContaining({ service: SERVICE, attempt: 99, code: 'IDENTITIES_SHREDDED' }) },
      ]);
      const [after] = await harness.query<{ status: string; attempts: number }>(
        `SELECT status, attempts FROM erasure_tasks WHERE id = $1`,
        [task.id],
      );
      expect(after).toEqual({ status: 'pending', attempts: 1 });
      await harness.query(`UPDATE erasure_tasks SET status = 'deleted' WHERE id = $1`, [task.id]);
      expect((await harness.api<{ valid: boolean }>('GET', '/v1/audit/verify')).body.valid).toBe(true);
    });
  });

  describe('two replicas shredding side by side', () => {
    it('shreds each due request exactly once, in batches', async () => {
      await harness.stopServices();
      const ids: string[] = [];
      for (let i = 0; i < 12; i += 1) ids.push(await submit(`shred-race-${i}@example.org`));
      for (const id of ids) await cancel(id);
      harness.clock.advance(2 * WINDOW_MS);
      const shredder = harness.app.get(IdentityShreddingService);
      // the background poller is a third contender; between the three, every request goes exactly once
      const reports = await Promise.all([shredder.shredDue(), shredder.shredDue()]);
      await harness.waitFor('every raced request to be shredded', async () => {
        const rows = await harness.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM erasure_requests WHERE id = ANY($1) AND identities_shredded_at IS NULL`,
          [ids],
        );
        return rows[0].n === 0 ? true : undefined;
      });
      const events = await harness.query<{ stream: string; n: number }>(
        `SELECT stream, count(*)::int AS n FROM audit_events
          WHERE type = $1 AND stream = ANY($2) GROUP BY stream`,
        [IDENTITIES_SHREDDED_EVENT, ids.map((id) => `request:${id}`)],
      );
      expect(events).toHaveLength(ids.length);
      expect(events.every((row) => row.n === 1)).toBe(true);
      for (const report of reports) expect(report.batches).toBeLessThanOrEqual(Math.ceil(ids.length / 5) + 1);
      const remaining = await harness.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM erasure_requests WHERE id = ANY($1)
            AND (sealed_identities IS NOT NULL OR wrapped_data_key IS NOT NULL)`,
        [ids],
      );
      expect(remaining[0].n).toBe(0);
      expect((await harness.api<{ valid: boolean }>('GET', '/v1/audit/verify')).body.valid).toBe(true);
    });
  });
});
