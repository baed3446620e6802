import { deleted } from '@lethe/deletion-sdk';
import { createHash } from 'node:crypto';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';

interface IssuedKey {
  id: string;
  name: string;
  role: string;
  prefix: string;
  key: string;
  createdBy: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
}

interface AuditRow {
  seq: number;
  type: string;
  actor: string;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

const SUBJECT = { identities: [{ type: 'email', value: 'keys@example.org' }] };

describe('API keys and roles (in-process coordinator, real PostgreSQL and Kafka)', () => {
  const harness = new CoordinatorHarness();
  let suffix = 0;

  /** Issues a key with the bootstrap admin key; names are unique per spec run. */
  async function issue(role: string, name = `${role}-${++suffix}`): Promise<IssuedKey> {
    const { status, body } = await harness.api<IssuedKey>('POST', '/v1/api-keys', { name, role });
    expect(status).toBe(201);
    return body;
  }

  beforeAll(async () => {
    await harness.start();
    await harness.startService('billing', { db: async () => deleted(1) });
    await harness.waitForService('billing');
  });
  afterAll(() => harness.stop());

  describe('401', () => {
    it('refuses a call without a key, asking for a bearer token', async () => {
      const response = await fetch(`${harness.url}/v1/services`);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="lethe"');
      await expect(response.json()).resolves.toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'missing API key: send Authorization: Bearer <api key>',
      });
    });

    it.each([
      ['a malformed Authorization header', { authorization: 'Basic dXNlcjpwYXNz' }],
      ['an empty bearer token', { authorization: 'Bearer ' }],
    ])('refuses %s', async (_, headers) => {
      const response = await fetch(`${harness.url}/v1/erasure-requests`, { method: 'POST', headers });
      expect(response.status).toBe(401);
    });

    it.each([
      ['an unknown key of the issued format', `lethe_abcdefgh_${'A'.repeat(43)}`],
      ['a key of no known format', 'not-a-key-at-all-0123456789'],
      ['the bootstrap key with a suffix', `${harness.adminApiKey}x`],
    ])('refuses %s', async (_, key) => {
      const { status, body } = await harness.api<ErrorBody>('GET', '/v1/services', undefined, key);
      expect(status).toBe(401);
      expect(body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'invalid or revoked API key' });
    });

    it('needs no key for health and metrics', async () => {
      for (const route of ['/health/live', '/health/ready', '/metrics']) {
        expect((await harness.api('GET', route, undefined, null)).status).toBe(200);
      }
    });

    it("needs no key for the coordinator's command public keys, which are what its services hold", async () => {
      const { status, body } = await harness.api<{
        currentKeyId: string;
        keys: { id: string; publicKey: string }[];
      }>('GET', '/v1/keys/command-signing', undefined, null);
      expect(status).toBe(200);
      expect(body.currentKeyId).toBe('k1');
      expect(body.keys.map(({ id, publicKey }) => ({ id, publicKey }))).toEqual(
        harness.commandVerificationKeys(),
      );
    });
  });

  describe('issuing keys', () => {
    it('shows the key once, and stores only its digest', async () => {
      const response = await fetch(`${harness.url}/v1/api-keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${harness.adminApiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Privacy desk (EU)', role: 'operator' }),
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const created = (await response.json()) as IssuedKey;
      expect(created).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Privacy desk (EU)',
        role: 'operator',
        prefix: expect.stringMatching(/^lethe_[a-z2-7]{8}$/),
        key: expect.stringMatching(/^lethe_[a-z2-7]{8}_[A-Za-z0-9_-]{43}$/),
        createdAt: expect.any(String),
        createdBy: 'api-key:bootstrap',
        revokedAt: null,
        revokedBy: null,
        lastUsedAt: null,
      });
      expect(created.key.startsWith(`${created.prefix}_`)).toBe(true);

      const list = await harness.api<{ items: Record<string, unknown>[] }>('GET', '/v1/api-keys');
      expect(list.status).toBe(200);
      const listed = list.body.items.find((item) => item.id === created.id);
      expect(listed).toMatchObject({ name: 'Privacy desk (EU)', prefix: created.prefix, role: 'operator' });
      expect(listed).not.toHaveProperty('key');
      expect(list.text).not.toContain(created.key);

      const [row] = await harness.query<Record<string, unknown>>('SELECT * FROM api_keys WHERE id = $1', [
        created.id,
      ]);
      expect(row.key_hash).toBe(createHash('sha256').update(created.key).digest('hex'));
      expect(JSON.stringify(row)).not.toContain(created.key.slice(created.prefix.length + 1));
    });

    it.each([
      ['an empty name', { name: '', role: 'auditor' }, 'name must be longer than or equal to 1 characters'],
      [
        'a name too long for the ledger actor',
        { name: 'x'.repeat(93), role: 'auditor' },
        'name must be shorter than or equal to 92 characters',
      ],
      [
        'an unknown role',
        { name: 'desk', role: 'root' },
        'role must be one of: auditor, operator, admin, opendsr',
      ],
      ['an unknown property', { name: 'desk', role: 'auditor', extra: 1 }, 'property extra should not exist'],
    ])('refuses %s with 400', async (_, input, problem) => {
      const { status, body } = await harness.api<ErrorBody>('POST', '/v1/api-keys', input);
      expect(status).toBe(400);
      expect(body.message).toContain(problem);
    });

    it('refuses the reserved name and a name that is taken, ignoring case, with 409', async () => {
      const reserved = await harness.api<ErrorBody>('POST', '/v1/api-keys', {
        name: 'Bootstrap',
        role: 'admin',
      });
      expect(reserved.status).toBe(409);
      expect(reserved.body).toMatchObject({ error: 'Conflict', code: 'API_KEY_NAME_TAKEN' });

      await issue('auditor', 'ci-reader');
      const taken = await harness.api<ErrorBody>('POST', '/v1/api-keys', {
        name: 'CI-Reader',
        role: 'admin',
      });
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ statusCode: 409, code: 'API_KEY_NAME_TAKEN' });
      expect(taken.body.message).toContain('"CI-Reader"');
    });
  });

  describe('roles', () => {
    it('lets an auditor read but not act, naming the role it needs', async () => {
      const auditor = await issue('auditor');
      expect((await harness.api('GET', '/v1/services', undefined, auditor.key)).status).toBe(200);

      const create = await harness.api<ErrorBody>(
        'POST',
        '/v1/erasure-requests',
        { regulation: 'gdpr', subject: SUBJECT },
        auditor.key,
      );
      expect(create.status).toBe(403);
      expect(create.body).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: 'this action needs the operator role; the API key has the auditor role',
      });
      const listKeys = await harness.api<ErrorBody>('GET', '/v1/api-keys', undefined, auditor.key);
      expect(listKeys.status).toBe(403);
      expect(listKeys.body.message).toContain('needs the admin role');
      expect((await harness.api('DELETE', `/v1/api-keys/${auditor.id}`, undefined, auditor.key)).status).toBe(
        403,
      );
    });

    it('lets an operator submit an erasure request, recorded under its name, but not manage keys', async () => {
      const operator = await issue('operator', 'intake-bot');
      const { status, body } = await harness.api<{ id: string }>(
        'POST',
        '/v1/erasure-requests',
        { regulation: 'gdpr', subject: SUBJECT },
        operator.key,
      );
      expect(status).toBe(201);
      const [request] = await harness.query<{ created_by: string }>(
        'SELECT created_by FROM erasure_requests WHERE id = $1',
        [body.id],
      );
      expect(request.created_by).toBe('api-key:intake-bot');
      const [received] = await harness.query<AuditRow>(
        `SELECT actor FROM audit_events WHERE stream = $1 AND type = 'request.received'`,
        [`request:${body.id}`],
      );
      expect(received.actor).toBe('api-key:intake-bot');

      const createKey = await harness.api<ErrorBody>(
        'POST',
        '/v1/api-keys',
        { name: 'escalated', role: 'admin' },
        operator.key,
      );
      expect(createKey.status).toBe(403);
      expect(createKey.body.message).toBe(
        'this action needs the admin role; the API key has the operator role',
      );
    });

    it('lets an issued admin key manage keys', async () => {
      const admin = await issue('admin', 'second-admin');
      const { status, body } = await harness.api<IssuedKey>(
        'POST',
        '/v1/api-keys',
        { name: 'made-by-second-admin', role: 'auditor' },
        admin.key,
      );
      expect(status).toBe(201);
      expect(body.createdBy).toBe('api-key:second-admin');
    });

    it('identifies an issued key as api-key:<name> with its role', async () => {
      const key = await issue('auditor', 'whoami-auditor');
      const { status, body } = await harness.api('GET', '/v1/me', undefined, key.key);
      expect(status).toBe(200);
      expect(body).toEqual({ actor: 'api-key:whoami-auditor', role: 'auditor' });
    });

    it('records when a key was last used', async () => {
      const key = await issue('auditor');
      await harness.api('GET', '/v1/services', undefined, key.key);
      const { body } = await harness.api<{ items: IssuedKey[] }>('GET', '/v1/api-keys');
      expect(body.items.find((item) => item.id === key.id)?.lastUsedAt).toEqual(expect.any(String));
    });
  });

  describe('revocation', () => {
    it('takes effect on the next request, and revoking again changes nothing', async () => {
      const key = await issue('operator', 'short-lived');
      // used once, so the lookup is cached
      expect((await harness.api('GET', '/v1/services', undefined, key.key)).status).toBe(200);

      expect((await harness.api('DELETE', `/v1/api-keys/${key.id}`)).status).toBe(204);
      const refused = await harness.api<ErrorBody>('GET', '/v1/services', undefined, key.key);
      expect(refused.status).toBe(401);
      expect(refused.body.message).toBe('invalid or revoked API key');

      expect((await harness.api('DELETE', `/v1/api-keys/${key.id}`)).status).toBe(204);
      const { body } = await harness.api<{ items: IssuedKey[] }>('GET', '/v1/api-keys');
      expect(body.items.find((item) => item.id === key.id)).toMatchObject({
        revokedAt: expect.any(String),
        revokedBy: 'api-key:bootstrap',
      });
      const revocations = await harness.query(
        `SELECT seq FROM audit_events WHERE stream = 'api-keys' AND type = 'api-key.revoked' AND data->>'keyId' = $1`,
        [key.id],
      );
      expect(revocations).toHaveLength(1);
    });

    it('answers 404 for an unknown key and 400 for an id that is no uuid', async () => {
      const unknown = await harness.api<ErrorBody>(
        'DELETE',
        '/v1/api-keys/6f1c1d1e-7d51-4a55-9b8e-0f6b3b8d2a11',
      );
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ statusCode: 404, error: 'Not Found', code: 'API_KEY_NOT_FOUND' });
      expect((await harness.api('DELETE', '/v1/api-keys/not-a-uuid')).status).toBe(400);
    });
  });

  it('records key events in the audit ledger, chained and without the keys', async () => {
    const created = await issue('auditor', 'ledger-check');
    await harness.api('DELETE', `/v1/api-keys/${created.id}`);

    const events = await harness.query<AuditRow>(
      `SELECT seq, type, actor, data, prev_hash, hash FROM audit_events WHERE stream = 'api-keys' ORDER BY seq`,
    );
    const mine = events.filter((event) => event.data.keyId === created.id);
    expect(mine.map(({ type, actor, data }) => ({ type, actor, data }))).toEqual([
      {
        type: 'api-key.created',
        actor: 'api-key:bootstrap',
        data: { keyId: created.id, name: 'ledger-check', role: 'auditor', prefix: created.prefix },
      },
      {
        type: 'api-key.revoked',
        actor: 'api-key:bootstrap',
        data: { keyId: created.id, name: 'ledger-check', prefix: created.prefix },
      },
    ]);
    events.forEach((event, index) => {
      expect(event.seq).toBe(index + 1);
      if (index > 0) expect(event.prev_hash).toBe(events[index - 1].hash);
    });

    const keys = await harness.query<{ key_hash: string }>('SELECT key_hash FROM api_keys');
    const ledgerText = JSON.stringify(events);
    expect(ledgerText).not.toContain(created.key);
    expect(ledgerText).not.toContain(created.key.slice(created.prefix.length + 1));
    for (const { key_hash } of keys) expect(ledgerText).not.toContain(key_hash);
  });

  it('documents the key routes, their roles and responses in OpenAPI', async () => {
    const { status, body } = await harness.api<{
      paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
    }>('GET', '/docs-json', undefined, null);
    expect(status).toBe(200);
    const create = body.paths['/v1/api-keys'].post;
    expect(create.security).toEqual([{ bearer: [] }]);
    // 400 (input inspection), 413 (body over the limit) and 429 (rate limit) come from the HTTP edge
    expect(Object.keys(create.responses).sort()).toEqual(['201', '400', '401', '403', '409', '413', '429']);
    expect(JSON.stringify(create.responses['201'])).toContain('CreatedApiKeyResponse');
    expect(Object.keys(body.paths['/v1/api-keys/{id}'].delete.responses).sort()).toEqual([
      '204',
      '400',
      '401',
      '403',
      '404',
      '429',
    ]);
    expect(body.paths['/metrics'].get.security).toBeUndefined();
    expect(Object.keys(body.paths['/health/ready'].get.responses).sort()).toEqual(['200', '503']);
  });
});
