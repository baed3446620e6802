import { randomUUID } from 'node:crypto';
import { deleted, ErasureContext } from '@lethe/deletion-sdk';
import { DataSource, EntityManager } from 'typeorm';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import { ChainedEvent, verifyChain } from './audit-chain';
import type { AuditExportLine } from './dto/audit-event.response';
import type { AuditVerificationResponse } from './dto/audit-verification.response';
import type { RequestAuditResponse } from '../requests/dto/request-audit.response';
import { LedgerRepository } from './ledger.repository';
import { rangesBetween } from './ledger-verification';

const LIFECYCLE = ['request.received', 'task.dispatched', 'task.result', 'request.completed'];

describe('audit ledger endpoints (in-process coordinator, real Kafka and PostgreSQL)', () => {
  const harness = new CoordinatorHarness();

  beforeAll(async () => {
    await harness.start();
    await harness.startService('billing', { db: async (_ctx: ErasureContext) => deleted(2) });
    await harness.waitForService('billing');
  });
  afterAll(() => harness.stop());

  async function completedRequest(email: string): Promise<string> {
    const { status, body } = await harness.api<{ id: string }>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'email', value: email }] },
    });
    expect(status).toBe(201);
    await harness.waitFor(`request ${body.id} to complete`, async () => {
      const r = await harness.api<{ status: string }>('GET', `/v1/erasure-requests/${body.id}`);
      return r.body.status === 'completed' ? true : undefined;
    });
    return body.id;
  }

  const trail = (id: string) => harness.api<RequestAuditResponse>('GET', `/v1/erasure-requests/${id}/audit`);
  const verify = () => harness.api<AuditVerificationResponse>('GET', '/v1/audit/verify');
  const exported = async (query = '') => {
    const response = await harness.api('GET', `/v1/audit/export${query}`);
    expect(response.status).toBe(200);
    const lines = response.text.split('\n');
    expect(lines.pop()).toBe(''); // every line, the last included, ends with a newline
    return lines.map((line) => JSON.parse(line) as AuditExportLine);
  };
  const countEvents = async (where = 'true', params: unknown[] = []) =>
    Number(
      (await harness.query<{ n: string }>(`SELECT count(*) AS n FROM audit_events WHERE ${where}`, params))[0]
        .n,
    );

  describe('GET /v1/erasure-requests/:id/audit', () => {
    it("shows a completed request's trail, chained and valid, with identities only as keyed hashes", async () => {
      const id = await completedRequest('Trail.Person@Example.org');
      const { status, body, text } = await trail(id);
      expect(status).toBe(200);
      expect(body.chainValid).toBe(true);
      expect(body.broken).toBeNull();
      const types = body.events.map((event) => event.type);
      expect(types.filter((type) => LIFECYCLE.includes(type))).toEqual(LIFECYCLE);
      expect(types[0]).toBe('request.received');
      expect(types[types.length - 1]).toBe('request.completed');
      body.events.forEach((event, index) => {
        expect(event.seq).toBe(index + 1);
        expect(event.prevHash).toBe(index === 0 ? '0'.repeat(64) : body.events[index - 1].hash);
        expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(new Date(event.at).toISOString()).toBe(event.at);
      });
      expect(body.events.find((e) => e.type === 'task.result')).toMatchObject({
        actor: 'service:billing',
        data: { service: 'billing', outcome: 'deleted', recordsAffected: 2 },
      });
      expect(body.events[0].data.identityHashes).toEqual([
        { type: 'email', hash: harness.keys.hashIdentity('email', 'trail.person@example.org') },
      ]);
      expect(text.toLowerCase()).not.toContain('trail.person');
    });

    it('answers 400 for an id that is not a uuid and 404 for an unknown request', async () => {
      const bad = await harness.api('GET', '/v1/erasure-requests/not-a-uuid/audit');
      expect(bad.status).toBe(400);
      const unknown = await trail('5b0c6c1e-4f3a-4c1b-9d0e-2a6f8b7c9d01');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({
        statusCode: 404,
        error: 'Not Found',
        code: 'AUDIT_REQUEST_NOT_FOUND',
      });
    });

    it('needs an API key', async () => {
      const id = '5b0c6c1e-4f3a-4c1b-9d0e-2a6f8b7c9d01';
      await expect(
        harness.api('GET', `/v1/erasure-requests/${id}/audit`, undefined, null),
      ).resolves.toMatchObject({
        status: 401,
      });
    });
  });

  describe('tamper evidence', () => {
    it('reports an event edited in SQL, per request and ledger-wide, at the edited seq; restoring it heals both', async () => {
      const id = await completedRequest('tamper@example.org');
      const before = await trail(id);
      const result = before.body.events.find((e) => e.type === 'task.result')!;
      const original = (
        await harness.query<{ data: unknown }>(
          `SELECT data FROM audit_events WHERE stream = $1 AND seq = $2`,
          [`request:${id}`, result.seq],
        )
      )[0].data;

      await harness.query(
        `UPDATE audit_events SET data = jsonb_set(data, '{recordsAffected}', '0') WHERE stream = $1 AND seq = $2`,
        [`request:${id}`, result.seq],
      );
      const after = await trail(id);
      expect(after.body.chainValid).toBe(false);
      expect(after.body.broken).toEqual({ seq: result.seq, reason: 'content does not match its hash' });
      expect(after.body.events.find((e) => e.seq === result.seq)?.data.recordsAffected).toBe(0);
      const ledger = await verify();
      expect(ledger.status).toBe(200);
      expect(ledger.body.valid).toBe(false);
      expect(ledger.body.broken).toContainEqual({
        stream: `request:${id}`,
        seq: result.seq,
        reason: 'content does not match its hash',
      });

      await harness.query(`UPDATE audit_events SET data = $3 WHERE stream = $1 AND seq = $2`, [
        `request:${id}`,
        result.seq,
        JSON.stringify(original),
      ]);
      await expect(trail(id)).resolves.toMatchObject({ body: { chainValid: true, broken: null } });
      await expect(verify()).resolves.toMatchObject({ body: { valid: true, brokenStreams: 0 } });
    });

    it.each([
      ['a millisecond later', `at + interval '1 millisecond'`],
      ['to a year JavaScript writes with six digits', `'10000-01-01T00:00:00Z'`],
      ['to a time JavaScript cannot hold', `'290000-01-01T00:00:00Z'`],
    ])(
      'reports an event whose time was moved %s, ledger-wide, as content not matching',
      async (_name, at) => {
        const id = await completedRequest(`moved-${randomUUID().slice(0, 8)}@example.org`);
        const { body } = await trail(id);
        const seq = body.events[1].seq;
        await harness.query(`UPDATE audit_events SET at = ${at} WHERE stream = $1 AND seq = $2`, [
          `request:${id}`,
          seq,
        ]);
        const ledger = await verify();
        expect(ledger.status).toBe(200);
        expect(ledger.body.broken).toContainEqual({
          stream: `request:${id}`,
          seq,
          reason: 'content does not match its hash',
        });
      },
    );

    it('catches the newest event deleted (truncation) through the stream head', async () => {
      const id = await completedRequest('truncate@example.org');
      const { body } = await trail(id);
      const newest = body.events[body.events.length - 1];
      await harness.query(`DELETE FROM audit_events WHERE stream = $1 AND seq = $2`, [
        `request:${id}`,
        newest.seq,
      ]);

      const after = await trail(id);
      expect(after.body.chainValid).toBe(false);
      expect(after.body.broken).toEqual({
        seq: newest.seq,
        reason: `stream head is at ${newest.seq} but events end at ${newest.seq - 1}`,
      });
      const ledger = await verify();
      expect(ledger.body.valid).toBe(false);
      expect(ledger.body.broken).toContainEqual({ stream: `request:${id}`, ...after.body.broken });
    });

    it("catches a request's whole trail deleted, events and head", async () => {
      const id = await completedRequest('vanish@example.org');
      await harness.query(`DELETE FROM audit_events WHERE stream = $1`, [`request:${id}`]);
      await harness.query(`DELETE FROM audit_streams WHERE stream = $1`, [`request:${id}`]);

      const after = await trail(id);
      expect(after.status).toBe(200);
      expect(after.body).toEqual({
        events: [],
        chainValid: false,
        broken: { seq: 1, reason: 'stream has no events and no head' },
      });
      const ledger = await verify();
      expect(ledger.body.broken).toContainEqual({
        stream: `request:${id}`,
        seq: 1,
        reason: 'stream has no events and no head',
      });
    });
  });

  describe('appendToStreams: heads locked by one upsert, events and heads written by one statement', () => {
    const ledger = () => harness.app.get(LedgerRepository);
    const dataSource = () => harness.app.get(DataSource);
    const event = (n: number, by: string) => ({ type: 'it.append', actor: 'system', data: { n, by } });
    const stream = (name: string) => `it-append-${name}-${randomUUID()}`;
    const chainOf = async (name: string) => {
      const { events, head } = await ledger().readStream(name);
      return { events, head, verdict: verifyChain(events, head) };
    };

    it('creates heads in the batch that writes their first events, beside heads that exist, in two statements', async () => {
      const [fresh, existing] = [stream('fresh'), stream('existing')];
      await dataSource().transaction((manager) =>
        ledger().append(manager, existing, [event(1, 'first')], new Date()),
      );
      const sent: string[] = [];
      await dataSource().transaction(async (manager) => {
        const query = manager.query.bind(manager);
        manager.query = ((sql: string, parameters?: unknown[]) => {
          sent.push(sql);
          return query(sql, parameters);
        }) as typeof manager.query;
        await ledger().appendToStreams(
          manager,
          [
            { stream: fresh, events: [event(1, 'a'), event(2, 'a')] },
            { stream: existing, events: [event(2, 'a')] },
            { stream: fresh, events: [event(3, 'b')] },
            { stream: stream('empty'), events: [] },
          ],
          new Date(),
        );
      });
      expect(sent).toHaveLength(2);
      const a = await chainOf(fresh);
      expect(a.verdict.valid).toBe(true);
      expect(a.events.map((e) => [e.seq, e.data.n])).toEqual([
        [1, 1],
        [2, 2],
        [3, 3],
      ]);
      expect(a.head).toEqual({ seq: 3, hash: a.events[2].hash });
      const b = await chainOf(existing);
      expect(b.verdict.valid).toBe(true);
      expect(b.events.map((e) => e.seq)).toEqual([1, 2]);
      expect(b.events[1].prevHash).toBe(b.events[0].hash);
    });

    it('makes a second transaction over the same streams, named in the other order, wait and chain after the first', async () => {
      const [x, y] = [stream('x'), stream('y')];
      await dataSource().transaction((manager) =>
        ledger().append(manager, y, [event(0, 'setup')], new Date()),
      );
      let releaseFirst!: () => void;
      const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
      let firstAppended!: () => void;
      const appended = new Promise<void>((resolve) => (firstAppended = resolve));
      const order: string[] = [];
      const appendOne = (manager: EntityManager, by: string, n: number, streams: string[]) =>
        ledger().appendToStreams(
          manager,
          streams.map((name) => ({ stream: name, events: [event(n, by)] })),
          new Date(),
        );
      const first = dataSource().transaction(async (manager) => {
        await appendOne(manager, 'first', 1, [x, y]);
        firstAppended();
        await firstHolds;
        order.push('first commits');
      });
      await appended;
      const second = dataSource().transaction(async (manager) => {
        await appendOne(manager, 'second', 2, [y, x]);
        order.push('second appended');
      });
      // the second is seen blocked on a lock (the first's stream heads) before the first is let go
      await harness.waitFor('the second transaction to wait on a lock', async () => {
        const [blocked] = await harness.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND state = 'active' AND wait_event_type = 'Lock'
              AND query ILIKE '%audit_streams%'`,
        );
        return blocked.n > 0 ? true : undefined;
      });
      expect(order).toEqual([]); // the second waits on the first's head locks
      releaseFirst();
      await Promise.all([first, second]);
      expect(order).toEqual(['first commits', 'second appended']);
      for (const name of [x, y]) {
        const chain = await chainOf(name);
        expect(chain.verdict.valid).toBe(true);
        expect(chain.events.slice(-2).map((e) => e.data.by)).toEqual(['first', 'second']);
      }
    });

    it('serialises many concurrent batches over overlapping streams without a deadlock or a fork', async () => {
      const names = Array.from({ length: 6 }, (_, i) => stream(`many${i}`));
      const batches = Array.from({ length: 12 }, (_, b) =>
        dataSource().transaction((manager) =>
          ledger().appendToStreams(
            manager,
            // each batch names a different subset, in a different order, two events to some streams
            names
              .filter((_, i) => (i + b) % 3 !== 0)
              .reverse()
              .map((name, i) => ({
                stream: name,
                events: i % 2 ? [event(b, `batch${b}`)] : [event(b, `batch${b}`), event(b, `batch${b}`)],
              })),
            new Date(),
          ),
        ),
      );
      await expect(Promise.all(batches)).resolves.toHaveLength(12);
      for (const name of names) {
        const chain = await chainOf(name);
        expect(chain.verdict.valid).toBe(true);
        expect(chain.events.map((e) => e.seq)).toEqual(chain.events.map((_, i) => i + 1));
        expect(chain.head?.seq).toBe(chain.events.length);
      }
    });

    it('leaves no event and no head behind when the transaction rolls back', async () => {
      const name = stream('rollback');
      await expect(
        dataSource().transaction(async (manager) => {
          await ledger().appendToStreams(manager, [{ stream: name, events: [event(1, 'gone')] }], new Date());
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await expect(ledger().readStream(name)).resolves.toEqual({ events: [], head: null });
    });
  });

  describe('GET /v1/audit/verify and GET /v1/audit/export over many pages', () => {
    const BULK = 2_345; // more than two pages of LEDGER_PAGE_SIZE, all with the same `at` (the keyset tie-break)

    beforeAll(async () => {
      // a fresh database for these: the tamper tests above leave their breaks behind on purpose
      await harness.query(`DELETE FROM audit_events WHERE stream LIKE 'request:%'`);
      await harness.query(`DELETE FROM audit_streams WHERE stream LIKE 'request:%'`);
      await harness.query(`DELETE FROM erasure_requests`);
      const ledger = harness.app.get(LedgerRepository);
      const at = new Date('2020-03-01T12:00:00.000Z');
      await harness.app.get(DataSource).transaction(async (manager) => {
        const events = Array.from({ length: BULK }, (_, n) => ({
          type: 'bulk.event',
          actor: 'system',
          data: { n, nested: { b: [n, 'x'], a: null } },
        }));
        await ledger.append(manager, 'it-bulk', events, at);
      });
      await completedRequest('export@example.org');
    });

    it('verifies every stream and counts every event', async () => {
      const { status, body } = await verify();
      expect(status).toBe(200);
      expect(body).toMatchObject({ valid: true, broken: [], brokenStreams: 0, events: await countEvents() });
      const streams = await harness.query<{ n: string }>(
        `SELECT count(DISTINCT stream) AS n FROM audit_events`,
      );
      expect(body.streams).toBe(Number(streams[0].n));
      expect(body.streams).toBeGreaterThanOrEqual(3); // it-bulk, registry, the request
      expect(new Date(body.verifiedAt).getTime()).not.toBeNaN();
    });

    it('reads every event exactly once, in order, when the ledger is read in stream ranges page by page', async () => {
      const ledger = harness.app.get(LedgerRepository);
      const boundaries = await ledger.streamBoundaries(3);
      expect(boundaries.length).toBeGreaterThanOrEqual(1);
      // ranges in order, pages in order: together exactly the database's own (stream, seq) order
      const seen: string[] = [];
      for (const range of rangesBetween(boundaries)) {
        let after: { stream: string; seq: number } | undefined;
        for (;;) {
          const page = await ledger.chainRows(range, after, 500);
          for (const row of page) {
            expect(row.headSeq).not.toBeNull();
            seen.push(`${row.stream}#${row.seq}`);
          }
          if (page.length < 500) break;
          after = { stream: page[page.length - 1].stream, seq: page[page.length - 1].seq };
        }
      }
      const all = await harness.query<{ key: string }>(
        `SELECT stream || '#' || seq AS key FROM audit_events ORDER BY stream, seq`,
      );
      expect(seen).toEqual(all.map((row) => row.key));
    });

    it('exports every event once as a JSON line, enough to re-verify every chain offline', async () => {
      const lines = await exported();
      expect(lines).toHaveLength(await countEvents());
      expect(new Set(lines.map((l) => `${l.stream}#${l.seq}`)).size).toBe(lines.length);
      const byStream = new Map<string, ChainedEvent[]>();
      for (const line of lines) {
        byStream.set(line.stream, [...(byStream.get(line.stream) ?? []), { ...line, at: new Date(line.at) }]);
      }
      for (const [stream, events] of byStream) {
        events.sort((a, b) => a.seq - b.seq);
        expect({ stream, ...verifyChain(events) }).toEqual({ stream, valid: true });
      }
      const ats = lines.map((line) => Date.parse(line.at));
      expect(ats).toEqual([...ats].sort((a, b) => a - b));
    });

    it('serves JSON Lines with the ndjson content type', async () => {
      const response = await fetch(`${harness.url}/v1/audit/export?stream=registry`, {
        headers: { authorization: `Bearer ${harness.adminApiKey}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      await response.text();
    });

    it('filters by stream, in seq order', async () => {
      const lines = await exported('?stream=it-bulk');
      expect(lines).toHaveLength(BULK);
      expect(lines.map((l) => l.seq)).toEqual(Array.from({ length: BULK }, (_, n) => n + 1));
      await expect(exported('?stream=no-such-stream')).resolves.toEqual([]);
    });

    it('filters by time with since', async () => {
      const lines = await exported(`?since=${encodeURIComponent('2020-03-01T12:00:00.001Z')}`);
      expect(lines.some((l) => l.stream === 'it-bulk')).toBe(false);
      expect(lines).toHaveLength(await countEvents(`at >= '2020-03-01T12:00:00.001Z'`));
      expect(lines.length).toBeGreaterThan(0);
      await expect(exported('?since=2100-01-01T00:00:00Z')).resolves.toEqual([]);
      await expect(exported('?stream=it-bulk&since=2020-03-01T12:00:00Z')).resolves.toHaveLength(BULK);
    });

    it('rejects a since that is not an ISO date-time, and unknown parameters', async () => {
      await expect(harness.api('GET', '/v1/audit/export?since=yesterday')).resolves.toMatchObject({
        status: 400,
      });
      await expect(harness.api('GET', '/v1/audit/export?limit=5')).resolves.toMatchObject({ status: 400 });
    });

    it('answers 503 AUDIT_VERIFICATION_UNAVAILABLE when a worker loses its connection mid-scan, never "valid"', async () => {
      // the workers' reads wait behind a lock, and their connections are killed there
      const locker = harness.app.get(DataSource).createQueryRunner();
      await locker.connect();
      await locker.startTransaction();
      try {
        await locker.query('LOCK TABLE audit_events IN ACCESS EXCLUSIVE MODE');
        const answer = verify();
        const killed = await harness.waitFor('a worker to wait for the lock', async () => {
          const rows = await harness.query<{ killed: boolean }>(
            `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'
                AND query LIKE '%LEFT JOIN audit_streams s%'`,
          );
          return rows.length > 0 ? rows.length : undefined;
        });
        expect(killed).toBeGreaterThan(0);
        await expect(answer).resolves.toMatchObject({
          status: 503,
          body: { code: 'AUDIT_VERIFICATION_UNAVAILABLE', retriable: true },
        });
      } finally {
        await locker.rollbackTransaction();
        await locker.release();
      }
      await expect(verify()).resolves.toMatchObject({ status: 200, body: { valid: true } });
    });

    it('survives a client that hangs up half-way', async () => {
      const abort = new AbortController();
      const response = await fetch(`${harness.url}/v1/audit/export`, {
        headers: { authorization: `Bearer ${harness.adminApiKey}` },
        signal: abort.signal,
      });
      const reader = response.body!.getReader();
      await reader.read();
      abort.abort();
      await expect(verify()).resolves.toMatchObject({ status: 200, body: { valid: true } });
    });
  });
});
