import { deleted } from '@lethe/deletion-sdk';
import { Kafka, logLevel } from 'kafkajs';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import type { ServiceListResponse, ServiceResponse } from './dto/service.response';
import { RegistryService } from './registry.service';

interface AuditRow {
  seq: number;
  type: string;
  actor: string;
  data: Record<string, unknown>;
}

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
}

const LEGACY = { name: 'legacy-crm', identityTypes: ['email', 'phone'], dataCategories: ['crm-contacts'] };

describe('service registry administration (in-process coordinator, real Kafka and PostgreSQL)', () => {
  const harness = new CoordinatorHarness();

  beforeAll(async () => {
    await harness.start();
    await harness.startService('accounts', { db: async () => deleted(1) });
    await harness.waitForService('accounts');
  });
  afterAll(() => harness.stop());

  const services = async () => (await harness.api<ServiceListResponse>('GET', '/v1/services')).body.items;
  const service = async (name: string) => (await services()).find((s) => s.name === name);
  const registryEvents = (since = 0) =>
    harness.query<AuditRow>(
      `SELECT seq, type, actor, data FROM audit_events WHERE stream = 'registry' AND seq > $1 ORDER BY seq`,
      [since],
    );
  const registryHead = async () =>
    (
      await harness.query<{ seq: number }>(
        `SELECT head_seq AS seq FROM audit_streams WHERE stream = 'registry'`,
      )
    )[0]?.seq ?? 0;
  const submit = async (email: string) => {
    const { status, body } = await harness.api<{ id: string; tasks: { service: string }[] }>(
      'POST',
      '/v1/erasure-requests',
      { regulation: 'gdpr', subject: { identities: [{ type: 'email', value: email }] } },
    );
    expect(status).toBe(201);
    return body;
  };
  const issueKey = async (role: string) => {
    const { status, body } = await harness.api<{ key: string }>('POST', '/v1/api-keys', {
      name: `registry-${role}-${Date.now()}`,
      role,
    });
    expect(status).toBe(201);
    return body.key;
  };

  it('lists an SDK service as active, with its last heartbeat, and audits its first registration', async () => {
    const accounts = await service('accounts');
    expect(accounts).toMatchObject({
      name: 'accounts',
      state: 'active',
      registration: 'sdk',
      identityTypes: ['email', 'user_id'],
      dataCategories: ['test'],
      openTasks: { total: 0, overdue: 0, pending: 0, dispatched: 0, waiting: 0, failed: 0 },
    });
    expect(Date.now() - Date.parse(accounts!.lastSeenAt)).toBeLessThan(30_000);
    expect(accounts!.sdkVersion).toEqual(expect.any(String));
    const registered = (await registryEvents()).filter((e) => e.data.service === 'accounts');
    expect(registered).toEqual([
      {
        seq: expect.any(Number),
        type: 'service.registered',
        actor: 'service:accounts',
        data: {
          service: 'accounts',
          registration: 'sdk',
          identityTypes: ['email', 'user_id'],
          dataCategories: ['test'],
        },
      },
    ]);
  });

  describe('POST /v1/services', () => {
    it('registers a manual service, creates its command topic, and audits it with the actor', async () => {
      const head = await registryHead();
      const { status, body } = await harness.api<ServiceResponse>('POST', '/v1/services', LEGACY);
      expect(status).toBe(201);
      expect(body).toMatchObject({
        ...LEGACY,
        state: 'active',
        registration: 'manual',
        sdkVersion: null,
        openTasks: { total: 0 },
      });

      const admin = new Kafka({ brokers: harness.config.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        const topics = await admin.listTopics();
        const command = harness.config.topics.commands('legacy-crm');
        expect(topics).toEqual(expect.arrayContaining([command, `${command}.dlq`]));
      } finally {
        await admin.disconnect();
      }
      await expect(registryEvents(head)).resolves.toEqual([
        {
          seq: head + 1,
          type: 'service.registered',
          actor: 'api-key:bootstrap',
          data: {
            service: 'legacy-crm',
            registration: 'manual',
            identityTypes: LEGACY.identityTypes,
            dataCategories: LEGACY.dataCategories,
          },
        },
      ]);
    });

    it('makes new requests fan out to the manual service, and counts its open tasks', async () => {
      const request = await submit('fanout@example.org');
      expect(request.tasks.map((t) => t.service).sort()).toEqual(['accounts', 'legacy-crm']);
      const legacy = await harness.waitFor('the manual task to be dispatched', async () => {
        const s = await service('legacy-crm');
        return s?.openTasks.dispatched === 1 ? s : undefined;
      });
      expect(legacy.openTasks).toEqual({
        total: 1,
        overdue: 0,
        pending: 0,
        dispatched: 1,
        waiting: 0,
        failed: 0,
      });

      await harness.query(`UPDATE erasure_requests SET due_at = now() - interval '1 day' WHERE id = $1`, [
        request.id,
      ]);
      await expect(service('legacy-crm')).resolves.toMatchObject({ openTasks: { total: 1, overdue: 1 } });
    });

    it('refuses a name that is already registered and active (409), SDK or manual', async () => {
      for (const name of ['accounts', 'legacy-crm']) {
        const { status, body } = await harness.api<ErrorBody>('POST', '/v1/services', { ...LEGACY, name });
        expect(status).toBe(409);
        expect(body).toMatchObject({
          statusCode: 409,
          error: 'Conflict',
          code: 'SERVICE_ALREADY_REGISTERED',
        });
        expect(body.message).toContain(`service ${name} is already registered`);
      }
      await expect(service('accounts')).resolves.toMatchObject({
        registration: 'sdk',
        identityTypes: ['email', 'user_id'],
      });
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['an invalid name', { ...LEGACY, name: 'Legacy CRM' }, 'name must start with a lower-case letter'],
      ['no identity types', { ...LEGACY, identityTypes: [] }, 'identityTypes must name at least one'],
      [
        'an unknown identity type',
        { ...LEGACY, identityTypes: ['ssn'] },
        'each identity type must be one of',
      ],
      ['a missing dataCategories', { name: 'x', identityTypes: ['email'] }, 'dataCategories'],
      [
        'an unknown property',
        { ...LEGACY, name: 'other', registration: 'sdk' },
        'registration should not exist',
      ],
    ])('rejects %s with 400', async (_case, body, message) => {
      const response = await harness.api<ErrorBody>('POST', '/v1/services', body);
      expect(response.status).toBe(400);
      expect(String(response.body.message)).toContain(message);
    });

    it('needs the admin role', async () => {
      for (const role of ['operator', 'auditor']) {
        const key = await issueKey(role);
        const response = await harness.api('POST', '/v1/services', { ...LEGACY, name: `by-${role}` }, key);
        expect(response.status).toBe(403);
        await expect(harness.api('DELETE', '/v1/services/legacy-crm', undefined, key)).resolves.toMatchObject(
          {
            status: 403,
          },
        );
        await expect(harness.api('GET', '/v1/services', undefined, key)).resolves.toMatchObject({
          status: 200,
        });
      }
      await expect(service('by-operator')).resolves.toBeUndefined();
    });
  });

  describe('DELETE /v1/services/:name', () => {
    it('answers 404 for an unknown service', async () => {
      const { status, body } = await harness.api<ErrorBody>('DELETE', '/v1/services/no-such-service');
      expect(status).toBe(404);
      expect(body).toMatchObject({
        code: 'SERVICE_NOT_FOUND',
        message: 'service no-such-service is not registered',
      });
    });

    it('retires a service: audited, kept in the list, and left out of new requests', async () => {
      const head = await registryHead();
      const { status, body } = await harness.api<ServiceResponse>('DELETE', '/v1/services/legacy-crm');
      expect(status).toBe(200);
      expect(body).toMatchObject({ name: 'legacy-crm', state: 'retired', openTasks: { total: 1 } });
      await expect(registryEvents(head)).resolves.toEqual([
        {
          seq: head + 1,
          type: 'service.retired',
          actor: 'api-key:bootstrap',
          data: { service: 'legacy-crm', registration: 'manual', openTasks: 1 },
        },
      ]);
      await expect(service('legacy-crm')).resolves.toMatchObject({ state: 'retired' });

      const request = await submit('after-retirement@example.org');
      expect(request.tasks.map((t) => t.service)).toEqual(['accounts']);
    });

    it('answers 409 for a service that is already retired', async () => {
      const { status, body } = await harness.api<ErrorBody>('DELETE', '/v1/services/legacy-crm');
      expect(status).toBe(409);
      expect(body).toMatchObject({ code: 'SERVICE_ALREADY_RETIRED' });
    });
  });

  describe('a retired SDK service', () => {
    let retiredAt: number;

    it('stays retired while it keeps announcing; only its last-seen time moves', async () => {
      const head = await registryHead();
      await expect(harness.api('DELETE', '/v1/services/accounts')).resolves.toMatchObject({ status: 200 });
      retiredAt = Date.now();
      const seen = await harness.waitFor('a heartbeat after retirement', async () => {
        const s = await service('accounts');
        return s && Date.parse(s.lastSeenAt) > retiredAt ? s : undefined;
      });
      expect(seen).toMatchObject({ state: 'retired', registration: 'sdk' });
      const events = await registryEvents(head);
      expect(events.map((e) => e.type)).toEqual(['service.retired']);

      const { status, body } = await harness.api<ErrorBody>('POST', '/v1/erasure-requests', {
        regulation: 'gdpr',
        subject: { identities: [{ type: 'email', value: 'nobody-left@example.org' }] },
      });
      expect(status).toBe(409);
      expect(body.code).toBe('NO_SERVICES_REGISTERED');
    });

    it('comes back only when re-registered by POST, and its next announcement makes it an SDK service again', async () => {
      const head = await registryHead();
      const { status, body } = await harness.api<ServiceResponse>('POST', '/v1/services', {
        name: 'accounts',
        identityTypes: ['email'],
        dataCategories: ['profiles'],
      });
      expect(status).toBe(201);
      expect(body).toMatchObject({ state: 'active', registration: 'manual', identityTypes: ['email'] });

      const again = await harness.waitFor('the SDK to take the service back', async () => {
        const s = await service('accounts');
        return s?.registration === 'sdk' ? s : undefined;
      });
      expect(again).toMatchObject({
        state: 'active',
        identityTypes: ['email', 'user_id'],
        dataCategories: ['test'],
      });
      await expect(registryEvents(head)).resolves.toEqual([
        {
          seq: head + 1,
          type: 'service.reinstated',
          actor: 'api-key:bootstrap',
          data: {
            service: 'accounts',
            registration: 'manual',
            previousRegistration: 'sdk',
            identityTypes: ['email'],
            dataCategories: ['profiles'],
          },
        },
        {
          seq: head + 2,
          type: 'service.updated',
          actor: 'service:accounts',
          data: {
            service: 'accounts',
            changes: {
              registration: { from: 'manual', to: 'sdk' },
              identityTypes: { from: ['email'], to: ['email', 'user_id'] },
              dataCategories: { from: ['profiles'], to: ['test'] },
            },
          },
        },
      ]);
      await expect(submit('welcome-back@example.org')).resolves.toMatchObject({
        tasks: [{ service: 'accounts' }],
      });
    });
  });

  it('keeps an announcement that arrives while it cannot be recorded, and registers the service from it', async () => {
    const registry = harness.app.get(RegistryService);
    const record = registry.recordAnnouncement.bind(registry);
    const seen: string[] = [];
    // a passing fault, as the pg driver reports a refused connection; the same announcement must be read again
    const spy = jest.spyOn(registry, 'recordAnnouncement').mockImplementation(async (announcement) => {
      if (announcement.service !== 'late-joiner') return record(announcement);
      seen.push(announcement.at);
      if (seen.length <= 2) {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      }
      return record(announcement);
    });
    try {
      await harness.startService('late-joiner', { db: async () => deleted(1) });
      await harness.waitForService('late-joiner');
      // registered from the announcement that failed twice, not from a later heartbeat skipped past it
      expect(seen.length).toBeGreaterThanOrEqual(3);
      expect(seen[1]).toBe(seen[0]);
      expect(seen[2]).toBe(seen[0]);
      const registered = (await registryEvents()).filter((e) => e.data.service === 'late-joiner');
      expect(registered.map((e) => e.type)).toEqual(['service.registered']);
    } finally {
      spy.mockRestore();
    }
  }, 60_000);

  it('keeps the registry audit stream a valid chain through all of it', async () => {
    const { body } = await harness.api<{ valid: boolean; broken: unknown[] }>('GET', '/v1/audit/verify');
    expect(body).toMatchObject({ valid: true, broken: [] });
    await expect(registryEvents()).resolves.not.toHaveLength(0);
  });
});
