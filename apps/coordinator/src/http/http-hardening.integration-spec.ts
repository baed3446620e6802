import { connect } from 'node:net';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
}

const SUBJECT = { identities: [{ type: 'email', value: 'nul-probe@example.org' }] };
const NUL = '\u0000';

/** NUL bytes, body limits, headers and CORS with the default settings (rate limits off, as in every test). */
describe('HTTP hardening with the defaults (in-process coordinator, real PostgreSQL and Kafka)', () => {
  const harness = new CoordinatorHarness();
  let requestId: string;

  beforeAll(async () => {
    await harness.start();
    const manual = await harness.api('POST', '/v1/services', {
      name: 'paper-archive',
      identityTypes: ['email'],
      dataCategories: ['contracts'],
    });
    expect(manual.status).toBe(201);
    const created = await harness.api<{ id: string }>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: SUBJECT,
    });
    expect(created.status).toBe(201);
    requestId = created.body.id;
    // the relay dispatches it in the background, appending to the ledger: let that happen before rows are counted
    await harness.waitFor('the request to be dispatched', async () => {
      const { body } = await harness.api<{ tasks: { status: string }[] }>(
        'GET',
        `/v1/erasure-requests/${requestId}`,
      );
      return body.tasks.length > 0 && body.tasks.every((task) => task.status === 'dispatched')
        ? true
        : undefined;
    });
  });
  afterAll(() => harness.stop());

  const countRows = async () =>
    harness.query<{ requests: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM erasure_requests) AS requests,
              (SELECT count(*)::int FROM audit_events) AS events`,
    );

  describe('a NUL character is a 400 with a reason, never a 500, and never echoed', () => {
    it.each([
      [
        '?q= of the request list',
        'GET',
        () => `/v1/erasure-requests?q=a${encodeURIComponent(NUL)}b`,
        undefined,
      ],
      ['a cancel reason', 'POST', () => `/v1/erasure-requests/${requestId}/cancel`, { reason: `x${NUL}y` }],
      [
        'an extend reason',
        'POST',
        () => `/v1/erasure-requests/${requestId}/extend`,
        { days: 10, reason: `more${NUL}time` },
      ],
      [
        'a :service path segment',
        'POST',
        () => `/v1/erasure-requests/${requestId}/tasks/paper${encodeURIComponent(NUL)}archive/confirm`,
        { outcome: 'deleted', recordsAffected: 1 },
      ],
      ['a retired service name', 'DELETE', () => `/v1/services/a${encodeURIComponent(NUL)}`, undefined],
      [
        'an identity value',
        'POST',
        () => '/v1/erasure-requests',
        { regulation: 'gdpr', subject: { identities: [{ type: 'user_id', value: `u${NUL}1` }] } },
      ],
      [
        'an externalId',
        'POST',
        () => '/v1/erasure-requests',
        { regulation: 'gdpr', subject: SUBJECT, externalId: `e${NUL}` },
      ],
      ['an API key name', 'POST', () => '/v1/api-keys', { name: `n${NUL}`, role: 'auditor' }],
    ])('in %s', async (_what, method, route, body) => {
      const before = await countRows();
      const response = await harness.api<ErrorBody>(method, route(), body);
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/must not contain a NUL character/);
      expect(response.text).not.toContain('\\u0000"');
      expect(await countRows()).toEqual(before);
    });
  });

  it('refuses nesting deeper than the inspection allows with 400, not a stack overflow', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const response = await harness.api<ErrorBody>(
      'POST',
      '/v1/erasure-requests',
      `{"regulation":"gdpr","subject":${deep}}`,
    );
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/nested deeper than/);
  });

  it('refuses a JSON body over the limit with 413 and a reason, before parsing it', async () => {
    const notes = 'x'.repeat(150 * 1024);
    const response = await harness.api<ErrorBody>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: SUBJECT,
      notes,
    });
    expect(response.status).toBe(413);
    expect(response.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'the JSON body is larger than 100 kB',
    });
  });

  it('answers malformed JSON with 400 without quoting the body', async () => {
    const response = await harness.api<ErrorBody>('POST', '/v1/erasure-requests', '{"secret@example.org": ');
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('the body is not valid JSON');
    expect(response.text).not.toContain('secret@example.org');
  });

  it('sends security headers: nothing may load from or frame an API response', async () => {
    const response = await fetch(`${harness.url}/v1/services`, {
      headers: { authorization: `Bearer ${harness.adminApiKey}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('keeps the Swagger UI working: its scripts from this origin, its inline styles allowed', async () => {
    const page = await fetch(`${harness.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui-init.js');
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)/); // no inline script the policy would block
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    for (const asset of ['swagger-ui-init.js', 'swagger-ui-bundle.js', 'swagger-ui.css']) {
      expect((await fetch(`${harness.url}/docs/${asset}`)).status).toBe(200);
    }
    expect((await fetch(`${harness.url}/docs-json`)).status).toBe(200);
  });

  it('keeps the dashboard under its own strict policy', async () => {
    const page = await fetch(`${harness.url}/dashboard`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('keeps CORS closed by default: no origin is allowed, preflights get no grant', async () => {
    const simple = await fetch(`${harness.url}/v1/services`, {
      headers: { origin: 'https://elsewhere.example', authorization: `Bearer ${harness.adminApiKey}` },
    });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${harness.url}/v1/erasure-requests`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://elsewhere.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('serves /metrics and /docs by default', async () => {
    expect((await fetch(`${harness.url}/metrics`)).status).toBe(200);
    const openApi = (await (await fetch(`${harness.url}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const create = openApi.paths['/v1/erasure-requests'].post.responses;
    expect(Object.keys(create)).toEqual(expect.arrayContaining(['400', '413', '429']));
  });
});

/** The same coordinator with the operator's switches turned: low limits, docs and metrics off, one CORS origin. */
describe('HTTP hardening with settings (in-process coordinator)', () => {
  const harness = new CoordinatorHarness({
    LETHE_RATE_LIMIT_PER_MINUTE: '5',
    LETHE_LIVE_RATE_LIMIT_PER_MINUTE: '1',
    LETHE_JSON_BODY_LIMIT_KB: '1',
    LETHE_EXPOSE_DOCS: 'false',
    LETHE_EXPOSE_METRICS: 'false',
    LETHE_CORS_ORIGINS: 'https://privacy.example.org',
    LETHE_JSON_BODY_TIMEOUT_MS: '1000',
  });
  let auditorKey: string;

  beforeAll(async () => {
    await harness.start();
    const issued = await harness.api<{ key: string }>('POST', '/v1/api-keys', {
      name: 'reader',
      role: 'auditor',
    });
    expect(issued.status).toBe(201);
    auditorKey = issued.body.key;
  });
  afterAll(() => harness.stop());

  it('limits each API key on its own, with 429, a reason and Retry-After', async () => {
    // the admin key has spent one call on issuing the auditor's key
    for (let i = 0; i < 4; i += 1) expect((await harness.api('GET', '/v1/services')).status).toBe(200);
    const refused = await fetch(`${harness.url}/v1/services`, {
      headers: { authorization: `Bearer ${harness.adminApiKey}` },
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(
        /^rate limit exceeded: at most 5 requests per minute per API key; retry after \d+ s$/,
      ),
    });
    // one counter for all routes of the key, another key unaffected
    expect((await harness.api('GET', '/v1/me')).status).toBe(429);
    expect((await harness.api('GET', '/v1/services', undefined, auditorKey)).status).toBe(200);
  });

  it('limits calls without a valid key per client address, before the key is even checked', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      statuses.push((await harness.api('GET', '/v1/services', undefined, `guess-${i}`)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('never limits health probes or the dashboard files', async () => {
    for (let i = 0; i < 12; i += 1) {
      expect((await fetch(`${harness.url}/health/live`)).status).toBe(200);
      expect((await fetch(`${harness.url}/dashboard`)).status).toBe(200);
    }
  });

  it('limits live-feed connections apart from ordinary calls', async () => {
    const open = async () => {
      const controller = new AbortController();
      const response = await fetch(`${harness.url}/v1/live`, {
        headers: { authorization: `Bearer ${auditorKey}` },
        signal: controller.signal,
      });
      controller.abort();
      return response.status;
    };
    expect(await open()).toBe(200);
    expect(await open()).toBe(429);
  });

  it('answers 404 for /docs and /metrics when they are not exposed', async () => {
    for (const route of ['/docs', '/docs-json', '/metrics']) {
      expect((await fetch(`${harness.url}${route}`)).status).toBe(404);
    }
  });

  it('grants CORS to a listed origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${harness.url}/v1/erasure-requests`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const allowed = await preflight('https://privacy.example.org');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://privacy.example.org');
    expect(allowed.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type');
    const other = await preflight('https://elsewhere.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('applies a configured body limit', async () => {
    const response = await fetch(`${harness.url}/v1/erasure-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ notes: 'x'.repeat(2048) }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorBody).message).toBe('the JSON body is larger than 1 kB');
  });

  it('answers a JSON body that stops arriving with 408 and closes the connection', async () => {
    const { port } = new URL(harness.url);
    const socket = connect(Number(port), '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(
      'POST /v1/erasure-requests HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Content-Length: 200\r\n\r\n{"regulation":',
    );
    // the rest never comes: the deadline (1 s here) answers, then the connection is closed
    await closed;
    const answer = Buffer.concat(received).toString('utf8');
    expect(answer.startsWith('HTTP/1.1 408 Request Timeout')).toBe(true);
    expect(answer).toContain('"message":"the JSON body did not arrive within 1000 ms"');
    expect(answer).not.toContain('regulation');
  });
});
