import { E2eEnvironment } from './support/e2e-environment';

interface RequestBody {
  id: string;
  status: string;
  progress: { total: number; done: number };
  tasks: { service: string; status: string; attempts: number; recordsAffected: number | null }[];
}

describe('erasure across real processes (REST → Kafka → accounts → Kafka → ledger)', () => {
  const env = new E2eEnvironment();

  beforeAll(async () => {
    await env.start(['accounts']);
    await env.waitFor('accounts to register', async () => {
      const { body } = await env.api<{ items: { name: string }[] }>('GET', '/v1/services');
      return body.items.some((s) => s.name === 'accounts') ? true : undefined;
    });
  });

  afterAll(async () => {
    await env.stop();
  });

  it('deletes the person’s rows from the accounts database and reports the request completed', async () => {
    const created = await env.serviceApi<{ id: string }>('accounts', 'POST', '/users', {
      email: 'Ada.Lovelace@Example.org',
      name: 'Ada',
      bio: 'engines',
    });
    expect(created.status).toBe(201);
    const bystander = await env.serviceApi<{ id: string }>('accounts', 'POST', '/users', {
      email: 'grace@example.org',
      name: 'Grace',
    });
    expect(bystander.status).toBe(201);
    await expect(
      env.query('accounts', 'SELECT user_id FROM profiles WHERE user_id = $1', [created.body.id]),
    ).resolves.toHaveLength(1);

    const submitted = await env.api<RequestBody>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'email', value: '  ada.lovelace@EXAMPLE.org ' }] },
      externalId: 'ticket-4711',
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body.progress).toEqual({ total: 1, done: 0 });

    const done = await env.waitFor('the request to complete', async () => {
      const { body } = await env.api<RequestBody>('GET', `/v1/erasure-requests/${submitted.body.id}`);
      return body.status === 'completed' ? body : undefined;
    });
    expect(done.progress).toEqual({ total: 1, done: 1 });
    expect(done.tasks).toEqual([
      expect.objectContaining({ service: 'accounts', status: 'deleted', attempts: 1, recordsAffected: 2 }),
    ]);

    await expect(
      env.query('accounts', 'SELECT id FROM users WHERE id = $1', [created.body.id]),
    ).resolves.toEqual([]);
    await expect(
      env.query('accounts', 'SELECT user_id FROM profiles WHERE user_id = $1', [created.body.id]),
    ).resolves.toEqual([]);
    await expect(
      env.query('accounts', 'SELECT id FROM users WHERE id = $1', [bystander.body.id]),
    ).resolves.toHaveLength(1);

    // the ledger proves the erasure without holding the address
    const ledger = await env.query<{ data: unknown }>('coordinator', 'SELECT data FROM audit_events');
    expect(JSON.stringify(ledger)).not.toContain('lovelace');
  });

  it('returns the existing request when the same externalId is submitted again', async () => {
    const body = {
      regulation: 'ccpa',
      subject: { identities: [{ type: 'user_id', value: 'u-1001' }] },
      externalId: 'ticket-4712',
    };
    const first = await env.api<RequestBody>('POST', '/v1/erasure-requests', body);
    const again = await env.api<RequestBody>('POST', '/v1/erasure-requests', body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it('rejects bad input with a 400 that says what is wrong, and keeps serving', async () => {
    const bad = await env.api<{ statusCode: number; message: string[] }>('POST', '/v1/erasure-requests', {
      regulation: 'hipaa',
      subject: { identities: [{ type: 'email', value: 'not-an-address' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(
      expect.arrayContaining([expect.stringContaining('regulation must be one of')]),
    );

    const badEmail = await env.api<{ message: string; code: string }>('POST', '/v1/erasure-requests', {
      regulation: 'ccpa',
      subject: { identities: [{ type: 'email', value: 'not-an-address' }] },
    });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.message).toContain('not a valid email address');

    const malformed = await env.api('POST', '/v1/erasure-requests', '{"regulation":');
    expect(malformed.status).toBe(400);

    const unknown = await env.api('GET', '/v1/erasure-requests/3f1c1f3e-8a43-4d1c-9a55-0d2e1c7b9a10');
    expect(unknown.status).toBe(404);
    const notUuid = await env.api('GET', '/v1/erasure-requests/nope');
    expect(notUuid.status).toBe(400);

    await expect(env.api('GET', '/health/live', undefined, null)).resolves.toMatchObject({ status: 200 });
  });

  it('refuses callers without a valid API key', async () => {
    await expect(env.api('GET', '/v1/services', undefined, null)).resolves.toMatchObject({ status: 401 });
    await expect(env.api('GET', '/v1/services', undefined, 'wrong-key-0123456789')).resolves.toMatchObject({
      status: 401,
    });
  });
});
