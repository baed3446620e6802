import fc from 'fast-check';
import { fuzzRuns, fuzzSeed } from '../../../../test/fuzz/fuzz-settings';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';

/**
 * Bad-input suite of the REST API: every route's body, query and path parameters, generated from a fixed seed
 * (printed; LETHE_FUZZ_SEED reproduces a run) and sent 12 at a time to a real coordinator. Invariants: never a
 * 5xx, the process keeps answering, and a batch in which every change was refused leaves every table as it was.
 */
interface FuzzCase {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: string;
  contentType?: string;
}

const CONCURRENCY = 12;
const TABLES = [
  'erasure_requests',
  'erasure_tasks',
  'audit_events',
  'audit_streams',
  'outbox_messages',
  'api_keys',
  'registered_services',
  'legal_holds',
  'legal_hold_requests',
  'bulk_jobs',
  'bulk_lines',
  'target_endpoints',
  'target_dispatches',
];

/** Percent-encodes the UTF-8 bytes, so even lone surrogates (which encodeURIComponent refuses) can be sent. */
function encode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).padStart(2, '0')}`,
    )
    .join('');
}

const nasty = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '',
  ' ',
  '\ud800',
  '%',
  '..',
  '../../etc/passwd',
  "' OR 1=1 --",
  '9'.repeat(40),
  '-1',
  '1e309',
  'NaN',
  '2147483648',
  'true',
  'null',
  '{}',
  '[]',
  '__proto__',
  'constructor',
  'x'.repeat(300),
  '0000-00-00T00:00:00Z',
  '99999-01-01T00:00:00Z',
  '2027-02-30T00:00:00Z',
  'ada@example.org',
);
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), nasty);

describe('bad-input suite: REST API (in-process coordinator, real PostgreSQL and Kafka)', () => {
  // The valid target body names a host outside this list: every registration is refused (at the latest by the
  // allow-list), so no fuzzed target is ever dispatched to in the background and refused batches stay write-free.
  const harness = new CoordinatorHarness({ LETHE_TARGET_URL_ALLOWLIST: 'allowed.vendor.test' });
  const seed = fuzzSeed('REST API');
  const ids: { request: string[]; key: string[] } = { request: [], key: [] };

  beforeAll(async () => {
    await harness.start();
    for (const name of ['paper-archive', 'crm-export']) {
      const registered = await harness.api('POST', '/v1/services', {
        name,
        identityTypes: ['email', 'user_id'],
        dataCategories: ['records'],
      });
      expect(registered.status).toBe(201);
    }
    for (let i = 0; i < 6; i += 1) {
      const created = await harness.api<{ id: string }>('POST', '/v1/erasure-requests', {
        regulation: i % 2 ? 'ccpa' : 'gdpr',
        subject: { identities: [{ type: 'email', value: `fuzz-${i}@example.org` }] },
        externalId: `fuzz-${i}`,
      });
      expect(created.status).toBe(201);
      ids.request.push(created.body.id);
    }
    const key = await harness.api<{ id: string }>('POST', '/v1/api-keys', {
      name: 'fuzz-victim',
      role: 'auditor',
    });
    ids.key.push(key.body.id);
    await drained();
  });
  afterAll(() => harness.stop());

  /**
   * Waits until every accepted bulk upload has its requests and the relay has sent every command, so only the
   * fuzzed calls can change the tables.
   */
  async function drained(): Promise<void> {
    await harness.waitFor('bulk jobs and the outbox to drain', async () => {
      const [row] = await harness.query<{ n: number }>(
        `SELECT (SELECT count(*)::int FROM outbox_messages WHERE sent_at IS NULL)
              + (SELECT count(*)::int FROM bulk_jobs WHERE status IN ('receiving', 'queued', 'processing')) AS n`,
      );
      return row.n === 0 ? true : undefined;
    });
  }

  async function counts(): Promise<Record<string, number>> {
    const [row] = await harness.query<Record<string, number>>(
      `SELECT ${TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`,
    );
    return row;
  }

  const requestId = fc.oneof(
    { weight: 4, arbitrary: fc.constant(0).map(() => ids.request[0]) },
    fc.nat({ max: 5 }).map((i) => ids.request[i]),
    fc.uuid(),
    text,
  );
  const segment = (known: string[]) => fc.oneof(fc.constantFrom(...known), text).map(encode);
  const json = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.anything({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v ?? null))),
  );
  const value = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), json);
  /** A body that starts valid and has fields replaced, removed or added; or any JSON; or not JSON at all. */
  const body = (valid: Record<string, unknown>): fc.Arbitrary<string> =>
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.constantFrom(...Object.keys(valid)), value)
          .map(([k, v]) => JSON.stringify({ ...valid, [k]: v })),
      },
      fc.constantFrom(...Object.keys(valid)).map((k) => JSON.stringify({ ...valid, [k]: undefined })),
      fc.tuple(fc.string(), value).map(([k, v]) => JSON.stringify({ ...valid, [k]: v })),
      json.map((v) => JSON.stringify(v)),
      fc.oneof(text, fc.constantFrom('{', '{"a":', '[1,]', '\u0000', '{"regulation":"gdpr"}}')),
    );
  const query = (keys: string[]) =>
    fc
      .array(
        fc.tuple(
          fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...keys) }, fc.string({ maxLength: 8 })),
          text,
        ),
        { maxLength: 4 },
      )
      .map((pairs) =>
        pairs.length ? `?${pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}` : '',
      );

  const identity = { type: 'email', value: 'fuzz@example.org' };
  const cases: fc.Arbitrary<FuzzCase> = fc.oneof(
    body({ regulation: 'gdpr', subject: { identities: [identity] }, externalId: 'ext-1' }).map((b) => ({
      method: 'POST' as const,
      path: '/v1/erasure-requests',
      body: b,
    })),
    fc.tuple(body({ type: 'user_id', value: 'u-1' })).map(([identityBody]) => ({
      method: 'POST' as const,
      path: '/v1/erasure-requests',
      body: `{"regulation":"ccpa","subject":{"identities":[${identityBody}]}}`,
    })),
    query(['status', 'regulation', 'overdue', 'q', 'limit', 'cursor']).map((q) => ({
      method: 'GET' as const,
      path: `/v1/erasure-requests${q}`,
    })),
    requestId.map((id) => ({ method: 'GET' as const, path: `/v1/erasure-requests/${encode(id)}` })),
    requestId.map((id) => ({ method: 'GET' as const, path: `/v1/erasure-requests/${encode(id)}/audit` })),
    requestId.map((id) => ({ method: 'GET' as const, path: `/v1/erasure-requests/${encode(id)}/receipt` })),
    fc.tuple(requestId, body({ reason: 'identity could not be verified' })).map(([id, b]) => ({
      method: 'POST' as const,
      path: `/v1/erasure-requests/${encode(id)}/cancel`,
      body: b,
    })),
    fc.tuple(requestId, body({ days: 30, reason: 'records spread over archives' })).map(([id, b]) => ({
      method: 'POST' as const,
      path: `/v1/erasure-requests/${encode(id)}/extend`,
      body: b,
    })),
    fc.tuple(requestId, body({ unexpected: true })).map(([id, b]) => ({
      method: 'POST' as const,
      path: `/v1/erasure-requests/${encode(id)}/retry`,
      body: b,
    })),
    fc
      .tuple(
        requestId,
        segment(['paper-archive', 'crm-export', 'accounts']),
        body({
          outcome: 'retained',
          recordsAffected: 1,
          retention: { basis: 'legal_obligation', note: 'kept' },
        }),
      )
      .map(([id, service, b]) => ({
        method: 'POST' as const,
        path: `/v1/erasure-requests/${encode(id)}/tasks/${service}/confirm`,
        body: b,
      })),
    body({ name: 'legacy-crm', identityTypes: ['email'], dataCategories: ['contacts'] }).map((b) => ({
      method: 'POST' as const,
      path: '/v1/services',
      body: b,
    })),
    segment(['no-such-service', 'legacy-crm']).map((name) => ({
      method: 'DELETE' as const,
      path: `/v1/services/${name}`,
    })),
    body({ name: 'fuzzed-key', role: 'operator' }).map((b) => ({
      method: 'POST' as const,
      path: '/v1/api-keys',
      body: b,
    })),
    fc
      .oneof(
        fc.constant(0).map(() => ids.key[0]),
        fc.uuid(),
        text,
      )
      .map(encode)
      .map((id) => ({
        method: 'DELETE' as const,
        path: `/v1/api-keys/${id}`,
      })),
    body({
      identities: [identity],
      basis: 'litigation',
      reason: 'case 2027-CV-0193',
      endsAt: '2099-01-01T00:00:00Z',
    }).map((b) => ({ method: 'POST' as const, path: '/v1/legal-holds', body: b })),
    body({ identities: [identity] }).map((b) => ({
      method: 'POST' as const,
      path: '/v1/suppression/check',
      body: b,
    })),
    query(['includeReleased']).map((q) => ({ method: 'GET' as const, path: `/v1/legal-holds${q}` })),
    fc
      .oneof(fc.uuid(), text)
      .map(encode)
      .chain((id) =>
        fc.constantFrom('GET' as const, 'DELETE' as const).map((method) => ({
          method,
          path: `/v1/legal-holds/${id}`,
        })),
      ),
    query(['since', 'stream']).map((q) => ({ method: 'GET' as const, path: `/v1/audit/export${q}` })),
    query(['status', 'limit']).map((q) => ({
      method: 'GET' as const,
      path: `/v1/escalation-deliveries${q}`,
    })),
    fc
      .tuple(requestId, fc.constantFrom('stop', 'retry', ''), body({ unexpected: true }))
      .map(([id, action, b]) => ({
        method: action === '' ? ('GET' as const) : ('POST' as const),
        path: `/v1/escalation-deliveries/${encode(id)}${action ? `/${action}` : ''}`,
        body: action === '' ? undefined : b,
      })),
    // bulk uploads: fuzzed settings, media types and lines (valid lines mixed with any text and any JSON)
    fc
      .tuple(
        query(['regulation', 'dryRun']),
        fc.constantFrom('application/x-ndjson', 'text/csv', 'text/csv; charset=latin1', 'application/json'),
        fc.array(
          fc.oneof(
            fc.constant(JSON.stringify({ subject: { identities: [identity] }, externalId: 'bulk-1' })),
            fc.constant('email,externalId'),
            fc.constant('"fuzz@example.org",bulk-2'),
            text,
            json.map((v) => JSON.stringify(v)),
          ),
          { maxLength: 6 },
        ),
        fc.constantFrom('\n', '\r\n'),
      )
      .map(([q, contentType, lines, newline]) => ({
        method: 'POST' as const,
        path: `/v1/erasure-requests/bulk${q || '?regulation=gdpr'}`,
        body: lines.join(newline),
        contentType,
      })),
    query(['limit', 'cursor']).map((q) => ({
      method: 'GET' as const,
      path: `/v1/erasure-requests/bulk${q}`,
    })),
    fc
      .tuple(fc.oneof(fc.uuid(), text), query(['rejectedAfter', 'rejectedLimit']))
      .map(([id, q]) => ({ method: 'GET' as const, path: `/v1/erasure-requests/bulk/${encode(id)}${q}` })),
    query(['limit']).map((q) => ({ method: 'GET' as const, path: `/v1/attention${q}` })),
    body({
      name: 'crm-vendor',
      kind: 'webhook',
      url: 'https://hooks.vendor.test/lethe',
      identityTypes: ['email'],
      secret: 'whsec_a-long-shared-secret',
      expectedCompletionMs: 86_400_000,
      deadlinePolicy: 'escalate',
    }).map((b) => ({ method: 'POST' as const, path: '/v1/targets', body: b })),
    query(['limit', 'kind']).map((q) => ({ method: 'GET' as const, path: `/v1/targets${q}` })),
    fc
      .tuple(
        segment(['crm-vendor', 'paper-archive', 'nobody']),
        body({ id: 'cb-1', taskId: '5b0c6c1e-4f3a-4c1b-9d0e-2a6f8b7c9d01', attempt: 1, status: 'deleted' }),
      )
      .map(([name, b]) => ({ method: 'POST' as const, path: `/v1/targets/${name}/callbacks`, body: b })),
    fc
      .constantFrom(
        '/v1/services',
        '/v1/api-keys',
        '/v1/audit/verify',
        '/v1/keys/receipt-signing',
        '/v1/me',
        '/v1/meta',
        '/v1/stats',
        '/health/live',
        '/metrics',
        '/dashboard',
      )
      .chain((path) => query(['limit', 'x']).map((q) => ({ method: 'GET' as const, path: path + q }))),
    segment(['app.js', 'styles.css', 'index.html']).map((name) => ({
      method: 'GET' as const,
      path: `/dashboard/assets/${name}`,
    })),
    fc
      .tuple(
        fc.constantFrom(
          '/v1/erasure-requests',
          '/v1/services',
          '/v1/api-keys',
          '/v1/legal-holds',
          '/v1/targets',
        ),
        text,
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=latin1',
          'multipart/form-data',
        ),
      )
      .map(([path, b, contentType]) => ({ method: 'POST' as const, path, body: b, contentType })),
  );

  async function send(fuzz: FuzzCase): Promise<number> {
    const response = await fetch(harness.url + fuzz.path, {
      method: fuzz.method,
      headers: {
        authorization: `Bearer ${harness.adminApiKey}`,
        ...(fuzz.body === undefined ? {} : { 'content-type': fuzz.contentType ?? 'application/json' }),
      },
      body: fuzz.body,
    });
    await response.arrayBuffer();
    return response.status;
  }

  // 2,400 calls, and every batch with an accepted bulk upload waits for its requests: longer than the default
  it('never answers 5xx, keeps running, and writes nothing when a batch is refused', async () => {
    // generated up front from the seed; `requestId` reads ids.request, filled in beforeAll
    const generated = fc.sample(cases, { seed, numRuns: fuzzRuns(2400) });
    const failures: string[] = [];
    let refusedBatches = 0;
    for (let start = 0; start < generated.length; start += CONCURRENCY) {
      const batch = generated.slice(start, start + CONCURRENCY);
      const before = await counts();
      const statuses = await Promise.all(batch.map(send));
      statuses.forEach((status, i) => {
        if (status >= 500) failures.push(`#${start + i} ${status} ${JSON.stringify(batch[i])}`);
      });
      const changed = batch.some((c, i) => c.method !== 'GET' && statuses[i] < 400);
      if (changed) {
        await drained();
      } else {
        refusedBatches += 1;
        const after = await counts();
        if (JSON.stringify(after) !== JSON.stringify(before)) {
          failures.push(
            `batch at #${start}: rows changed although every change was refused: ${JSON.stringify({ before, after, batch })}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(refusedBatches).toBeGreaterThan(generated.length / CONCURRENCY / 4);
    expect((await harness.api('GET', '/health/live')).status).toBe(200);
    const audit = await harness.api<{ valid: boolean }>('GET', '/v1/audit/verify');
    expect(audit.body.valid).toBe(true);
  }, 180_000);
});
