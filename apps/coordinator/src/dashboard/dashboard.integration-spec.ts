import { deleted, ErasureContext, notFound, permanent, retained } from '@lethe/deletion-sdk';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import { LIVE_FEED_OPTIONS, LiveFeedOptions } from './live/live-feed.constants';
import { RequestChangeRepository } from './live/request-change.repository';

interface Summary {
  id: string;
  externalId: string | null;
  status: string;
  overdue: boolean;
  progress: { total: number; done: number };
  version?: string;
}

interface Stats {
  windowDays: number;
  windowStart: string;
  requests: {
    total: number;
    byStatus: Record<string, number>;
    open: number;
    overdue: number;
    atRisk: number;
    completedInWindow: number;
    medianTimeToCompleteMs: number | null;
  };
  completionsPerDay: { date: string; completed: number }[];
  services: {
    service: string;
    settled: number;
    succeeded: number;
    failed: number;
    successRate: number | null;
    p95AckMs: number | null;
  }[];
}

interface LiveEvent {
  type: string;
  data: unknown;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Reads GET /v1/live the way the dashboard does: fetch with the key in the Authorization header. */
class LiveClient {
  readonly events: LiveEvent[] = [];
  private readonly controller = new AbortController();
  private waiters: (() => void)[] = [];
  status = 0;
  contentType = '';

  private constructor() {}

  static async open(url: string, key: string): Promise<LiveClient> {
    const client = new LiveClient();
    const response = await fetch(`${url}/v1/live`, {
      headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' },
      signal: client.controller.signal,
    });
    client.status = response.status;
    client.contentType = response.headers.get('content-type') ?? '';
    if (response.ok && response.body) void client.read(response.body);
    return client;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop() ?? '';
        for (const block of blocks) {
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n');
          if (type && data) this.events.push({ type, data: JSON.parse(data) });
        }
        for (const wake of this.waiters.splice(0)) wake();
      }
    } catch {
      // aborted by close()
    }
  }

  /** The first event received so far or from now on that satisfies `match`. */
  async waitFor<T>(what: string, match: (event: LiveEvent) => T | undefined, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const event of this.events) {
        const found = match(event);
        if (found !== undefined) return found;
      }
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no live event: ${what}; got ${JSON.stringify(this.events.map((e) => e.type))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  requestEvent(id: string, match: (summary: Summary) => boolean) {
    return (event: LiveEvent) => {
      const summary = event.data as Summary;
      return event.type === 'request' && summary.id === id && match(summary) ? summary : undefined;
    };
  }

  close(): void {
    this.controller.abort();
  }
}

describe('dashboard API (in-process coordinator, real PostgreSQL, Kafka and Redis)', () => {
  const harness = new CoordinatorHarness();
  let auditorKey: string;
  const live: LiveClient[] = [];

  async function submit(email: string, externalId: string, regulation = 'gdpr'): Promise<string> {
    const { status, body } = await harness.api<Summary>('POST', '/v1/erasure-requests', {
      regulation,
      subject: { identities: [{ type: 'email', value: email }] },
      externalId,
    });
    expect(status).toBe(201);
    return body.id;
  }

  async function settled(id: string, status: string): Promise<Summary> {
    return harness.waitFor(`${id} to be ${status}`, async () => {
      const { body } = await harness.api<Summary>('GET', `/v1/erasure-requests/${id}`);
      return body.status === status ? body : undefined;
    });
  }

  /**
   * A request reaches `needs_attention` as soon as one task fails for good, while the other services' results may
   * still be in flight: wait for the status and for every task to have answered.
   */
  async function settledWithEveryTask(id: string, status: string): Promise<void> {
    await harness.waitFor(`${id} to be ${status} with every task answered`, async () => {
      const { body } = await harness.api<Summary & { tasks: { status: string }[] }>(
        'GET',
        `/v1/erasure-requests/${id}`,
      );
      const answered = body.tasks.every((task) => !['pending', 'dispatched'].includes(task.status));
      return body.status === status && answered ? true : undefined;
    });
  }

  async function openLive(key = harness.adminApiKey): Promise<LiveClient> {
    const client = await LiveClient.open(harness.url, key);
    live.push(client);
    return client;
  }

  beforeAll(async () => {
    await harness.start();
    await harness.startService('billing', { ledger: async () => deleted(2) });
    await harness.startService('crm', {
      contacts: async (ctx: ErasureContext) => {
        if (ctx.valuesOf('email').includes('held@example.org')) {
          throw permanent(new Error('subject is under legal hold'), 'LEGAL_HOLD');
        }
        if (ctx.valuesOf('email').includes('kept@example.org'))
          return retained('tax-law', 'invoices, 10 years');
        return notFound();
      },
    });
    await harness.waitForService('billing');
    await harness.waitForService('crm');
    const issued = await harness.api<{ key: string }>('POST', '/v1/api-keys', {
      name: 'desk-auditor',
      role: 'auditor',
    });
    expect(issued.status).toBe(201);
    auditorKey = issued.body.key;
  });

  afterAll(async () => {
    // streams are left open on purpose: shutting down ends them instead of waiting for them (or timing out here)
    const stopping = Date.now();
    await harness.stop();
    for (const client of live) client.close();
    expect(Date.now() - stopping).toBeLessThan(15_000);
  });

  describe('GET /v1/me', () => {
    it('names the caller and its role', async () => {
      await expect(harness.api('GET', '/v1/me')).resolves.toMatchObject({
        status: 200,
        body: { actor: 'api-key:bootstrap', role: 'admin' },
      });
      await expect(harness.api('GET', '/v1/me', undefined, auditorKey)).resolves.toMatchObject({
        status: 200,
        body: { actor: 'api-key:desk-auditor', role: 'auditor' },
      });
    });

    it('needs a key', async () => {
      await expect(harness.api('GET', '/v1/me', undefined, null)).resolves.toMatchObject({ status: 401 });
    });
  });

  describe('GET /v1/meta', () => {
    it('gives every role the statuses with their labels and the extension rules', async () => {
      const { status, body } = await harness.api<{
        requestStatuses: { status: string; label: string; open: boolean }[];
        taskStatuses: { status: string; label: string; done: boolean }[];
        regulations: { regulation: string; law: string; extension: { summary: string } }[];
        extensionDays: { min: number; max: number };
      }>('GET', '/v1/meta', undefined, auditorKey);
      expect(status).toBe(200);
      expect(body.requestStatuses.filter((entry) => entry.open).map((entry) => entry.status)).toEqual([
        'received',
        'in_progress',
        'needs_attention',
      ]);
      expect(body.taskStatuses).toContainEqual({
        status: 'not_found',
        label: 'Not found',
        done: true,
        terminal: true,
      });
      expect(body.regulations.map((entry) => [entry.regulation, entry.law, entry.extension.summary])).toEqual(
        [
          ['gdpr', 'GDPR Art. 17', 'GDPR allows one extension of up to two further months.'],
          ['ccpa', 'CCPA §1798.105', 'CCPA allows one extension of up to 45 days.'],
        ],
      );
      expect(body.extensionDays).toEqual({ min: 1, max: 92 });
    });

    it('needs a key', async () => {
      await expect(harness.api('GET', '/v1/meta', undefined, null)).resolves.toMatchObject({ status: 401 });
    });
  });

  describe('GET /v1/live', () => {
    it('refuses a stream without a valid key, and never looks at the query string', async () => {
      const anonymous = await openLive('not-a-key-0123456789');
      expect(anonymous.status).toBe(401);
      const viaUrl = await fetch(`${harness.url}/v1/live?key=${encodeURIComponent(harness.adminApiKey)}`);
      expect(viaUrl.status).toBe(401);
      await viaUrl.body?.cancel();
    });

    it('opens with `ready`, then follows a request from submission to completion', async () => {
      const stream = await openLive(auditorKey);
      expect(stream.status).toBe(200);
      expect(stream.contentType).toContain('text/event-stream');
      await expect(
        stream.waitFor('ready', (e) => (e.type === 'ready' ? e.data : undefined)),
      ).resolves.toMatchObject({
        pollIntervalMs: expect.any(Number),
        maxLifetimeMs: expect.any(Number),
      });

      const id = await submit('live@example.org', 'live-1');
      const done = await stream.waitFor(
        'completed',
        stream.requestEvent(id, (s) => s.status === 'completed'),
      );
      expect(done).toMatchObject({ externalId: 'live-1', progress: { total: 2, done: 2 }, overdue: false });
      expect(Date.parse(done.version!)).not.toBeNaN();
      // the stream showed the way there too, and each version of the request once
      const versions = stream.events
        .filter((e) => e.type === 'request' && (e.data as Summary).id === id)
        .map((e) => (e.data as Summary).version);
      expect(new Set(versions).size).toBe(versions.length);
    });

    it('reports a change written by another replica straight to PostgreSQL', async () => {
      const id = await submit('held@example.org', 'held-1');
      await settledWithEveryTask(id, 'needs_attention');
      const stream = await openLive();
      await stream.waitFor('ready', (e) => (e.type === 'ready' ? true : undefined));
      // no code of this process runs for this change: only the shared database sees it
      await harness.query(
        `UPDATE erasure_requests SET status = 'cancelled', cancelled_at = $2, updated_at = $2 WHERE id = $1`,
        [id, harness.clock.now()],
      );
      await expect(
        stream.waitFor(
          'cancelled elsewhere',
          stream.requestEvent(id, (s) => s.status === 'cancelled'),
        ),
      ).resolves.toMatchObject({ id, externalId: 'held-1', progress: { total: 2, done: 1 } });
    });

    it('serves every connected dashboard from one poller per replica', async () => {
      const streams = await Promise.all([openLive(), openLive(auditorKey), openLive()]);
      for (const stream of streams)
        await stream.waitFor('ready', (e) => (e.type === 'ready' ? true : undefined));
      const { pollIntervalMs } = harness.app.get<LiveFeedOptions>(LIVE_FEED_OPTIONS);
      const reads = jest.spyOn(harness.app.get(RequestChangeRepository), 'changedSince');
      const watchedFrom = Date.now();
      const id = await submit('many@example.org', 'many-1');
      for (const stream of streams) {
        await stream.waitFor(
          'completed',
          stream.requestEvent(id, (s) => s.status === 'completed'),
        );
      }
      // a few more intervals, so that a poller per stream would stand out
      await new Promise((resolve) => setTimeout(resolve, 2 * pollIntervalMs));
      const { length } = reads.mock.calls;
      const watchedMs = Date.now() - watchedFrom;
      reads.mockRestore();
      // five streams are open by now: one poller reads at most once per interval (plus the first, at once), a
      // poller each five times as often. Bounded by how long it was watched, not by a guess of how long the
      // erasure takes on a loaded machine.
      expect(length).toBeGreaterThan(0);
      expect(length).toBeLessThanOrEqual(Math.floor(watchedMs / pollIntervalMs) + 1);
    });
  });

  describe('GET /v1/stats and GET /v1/attention', () => {
    let heldId: string;

    beforeAll(async () => {
      const completed = await Promise.all([
        submit('a@example.org', 'stats-a'),
        submit('b@example.org', 'stats-b', 'ccpa'),
        submit('kept@example.org', 'stats-kept'),
      ]);
      heldId = await submit('held@example.org', 'stats-held');
      await Promise.all(completed.map((id) => settled(id, 'completed')));
      await settledWithEveryTask(heldId, 'needs_attention');
    });

    it('counts requests by status, completions today and the median time to complete', async () => {
      const before = harness.clock.now().toISOString().slice(0, 10);
      const { status, body } = await harness.api<Stats>('GET', '/v1/stats', undefined, auditorKey);
      const after = harness.clock.now().toISOString().slice(0, 10);
      expect(status).toBe(200);
      // earlier tests left: live-1, many-1 completed; held-1 cancelled
      expect(body.requests.byStatus).toEqual({
        received: 0,
        in_progress: 0,
        completed: 5,
        needs_attention: 1,
        cancelled: 1,
      });
      expect(body.requests).toMatchObject({ total: 7, open: 1, overdue: 0, atRisk: 0, completedInWindow: 5 });
      expect(body.requests.medianTimeToCompleteMs).toBeGreaterThan(0);
      expect(body.requests.medianTimeToCompleteMs).toBeLessThan(60_000);
      expect(body.windowDays).toBe(30);
      expect(body.completionsPerDay).toHaveLength(30);
      // the series ends today; the five completions fall on the UTC days they happened on (today, or yesterday
      // for a run that crosses midnight)
      expect([before, after]).toContain(body.completionsPerDay.at(-1)!.date);
      const completedOn = await harness.query<{ date: string; completed: number }>(
        `SELECT to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date, count(*)::int AS completed
           FROM erasure_requests WHERE status = 'completed' GROUP BY 1`,
      );
      expect(completedOn.reduce((sum, day) => sum + day.completed, 0)).toBe(5);
      expect(body.completionsPerDay.filter((day) => day.completed > 0)).toEqual(
        expect.arrayContaining(completedOn),
      );
      expect(body.completionsPerDay.filter((day) => day.completed > 0)).toHaveLength(completedOn.length);
      const sinceYesterday = body.completionsPerDay.at(-2)!.date;
      expect(completedOn.every((day) => day.date >= sinceYesterday)).toBe(true);
      expect(body.windowStart).toBe(`${body.completionsPerDay[0].date}T00:00:00.000Z`);
    });

    it('gives each service its success rate and p95 time to acknowledge', async () => {
      const { body } = await harness.api<Stats>('GET', '/v1/stats');
      const [billing, crm] = body.services;
      // billing deleted for every request; crm failed for the two held ones (one since cancelled by "another replica")
      expect(billing).toMatchObject({
        service: 'billing',
        succeeded: 7,
        failed: 0,
        settled: 7,
        successRate: 1,
      });
      expect(crm).toMatchObject({ service: 'crm', succeeded: 5, failed: 2, settled: 7 });
      expect(crm.successRate).toBeCloseTo(5 / 7, 5);
      for (const service of [billing, crm]) {
        expect(service.p95AckMs).toBeGreaterThanOrEqual(0);
        expect(service.p95AckMs).toBeLessThan(30_000);
      }
    });

    it('shares its counts until the ledger changes, then counts again', async () => {
      const read = async () => (await harness.api<Stats & { generatedAt: string }>('GET', '/v1/stats')).body;
      const [first, second, third] = [await read(), await read(), await read()];
      // (unless the minute turned in between, which also counts again)
      expect(first.generatedAt === second.generatedAt || second.generatedAt === third.generatedAt).toBe(true);

      await settled(await submit('c@example.org', 'stats-c'), 'completed');
      harness.clock.advance(6000);
      const after = await read();
      expect(after.generatedAt).not.toBe(third.generatedAt);
      expect(after.requests.byStatus.completed).toBe(third.requests.byStatus.completed + 1);
    });

    it('lists what needs attention, and flags at risk, then overdue, as the due date nears and passes', async () => {
      const now = await harness.api<{ items: (Summary & { reasons: string[] })[] }>('GET', '/v1/attention');
      expect(now.body.items.map((item) => [item.id, item.reasons])).toEqual([[heldId, ['needs_attention']]]);

      // GDPR: due one calendar month after receipt; at risk from seven days before (the default lead)
      harness.clock.advance(26 * DAY_MS);
      const soon = await harness.api<Stats>('GET', '/v1/stats');
      expect(soon.body.requests).toMatchObject({ open: 1, atRisk: 1, overdue: 0 });
      const atRisk = await harness.api<{ items: (Summary & { reasons: string[] })[] }>(
        'GET',
        '/v1/attention?limit=5',
      );
      expect(atRisk.body.items[0].reasons).toEqual(['at_risk', 'needs_attention']);

      harness.clock.advance(6 * DAY_MS);
      const late = await harness.api<Stats>('GET', '/v1/stats');
      expect(late.body.requests).toMatchObject({ open: 1, atRisk: 0, overdue: 1 });
      const overdue = await harness.api<{ items: (Summary & { reasons: string[] })[] }>(
        'GET',
        '/v1/attention',
      );
      expect(overdue.body.items[0]).toMatchObject({
        id: heldId,
        overdue: true,
        reasons: ['overdue', 'needs_attention'],
      });
      // 32 days on, today's completions have left the 30-day window
      expect(late.body.requests).toMatchObject({ completedInWindow: 0, medianTimeToCompleteMs: null });
      expect(late.body.completionsPerDay.every((day) => day.completed === 0)).toBe(true);
    });

    it('refuses a bad limit with the reason', async () => {
      const { status, body } = await harness.api<{ message: string[] }>('GET', '/v1/attention?limit=0');
      expect(status).toBe(400);
      expect(body.message).toEqual(['limit must not be less than 1']);
    });
  });

  describe('the dashboard itself', () => {
    it('serves the page without a key, locked down by a Content-Security-Policy', async () => {
      const response = await fetch(`${harness.url}/dashboard`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const html = await response.text();
      expect(html).toContain('<script type="module" src="/dashboard/assets/app.js"></script>');
      expect(html).not.toMatch(/https?:\/\//);
    });

    it('serves its scripts with validators, and nothing outside its folder', async () => {
      const script = await fetch(`${harness.url}/dashboard/assets/app.js`);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      const etag = script.headers.get('etag');
      expect(etag).toBeTruthy();
      await script.arrayBuffer();
      const again = await fetch(`${harness.url}/dashboard/assets/app.js`, {
        headers: { 'if-none-match': etag! },
      });
      expect(again.status).toBe(304);
      for (const path of [
        'tsconfig.json',
        '..%2F..%2Fapp.module.ts',
        '%2E%2E%2Fdashboard.module.ts',
        'nope.js',
      ]) {
        const response = await fetch(`${harness.url}/dashboard/assets/${path}`);
        expect({ path, status: response.status }).toEqual({ path, status: 404 });
        await response.arrayBuffer();
      }
    });

    it('documents its API in OpenAPI, and leaves the page out', async () => {
      const { body } = await harness.api<{ paths: Record<string, unknown> }>('GET', '/docs-json');
      expect(Object.keys(body.paths)).toEqual(
        expect.arrayContaining(['/v1/me', '/v1/stats', '/v1/attention', '/v1/live']),
      );
      expect(Object.keys(body.paths).filter((path) => path.startsWith('/dashboard'))).toEqual([]);
    });
  });
});
