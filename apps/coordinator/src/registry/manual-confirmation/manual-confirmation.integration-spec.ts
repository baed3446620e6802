import { deleted } from '@lethe/deletion-sdk';
import { CoordinatorHarness } from '../../../test/support/coordinator-harness';
import type { RequestAuditResponse } from '../../requests/dto/request-audit.response';

interface RequestBody {
  id: string;
  status: string;
  tasks: { service: string; status: string; recordsAffected: number | null; retention: unknown }[];
}

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
}

const RETENTION = { basis: 'legal_obligation', note: 'signed contracts are kept 10 years (commercial code)' };

describe('manual confirmation of a task (in-process coordinator, real Kafka and PostgreSQL)', () => {
  const harness = new CoordinatorHarness();

  beforeAll(async () => {
    await harness.start();
    await harness.startService('accounts', { db: async () => deleted(2) });
    await harness.waitForService('accounts');
    const manual = await harness.api('POST', '/v1/services', {
      name: 'paper-archive',
      identityTypes: ['email'],
      dataCategories: ['contracts'],
    });
    expect(manual.status).toBe(201);
  });
  afterAll(() => harness.stop());

  const confirm = (id: string, service: string, body: unknown, key?: string) =>
    harness.api<ErrorBody & Record<string, unknown>>(
      'POST',
      `/v1/erasure-requests/${id}/tasks/${service}/confirm`,
      body,
      key,
    );

  /** A request whose SDK task is done and whose manual task waits, dispatched, for a person. */
  async function awaitingConfirmation(email: string): Promise<string> {
    const { status, body } = await harness.api<RequestBody>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'email', value: email }] },
    });
    expect(status).toBe(201);
    await harness.waitFor('the SDK task to finish and the manual one to be dispatched', async () => {
      const r = await harness.api<RequestBody>('GET', `/v1/erasure-requests/${body.id}`);
      const byService = Object.fromEntries(r.body.tasks.map((t) => [t.service, t.status]));
      return byService.accounts === 'deleted' && byService['paper-archive'] === 'dispatched'
        ? true
        : undefined;
    });
    return body.id;
  }

  it('sets no acknowledgement timeout on a manual task: it waits for a person, not for retries', async () => {
    const id = await awaitingConfirmation('waits-for-a-person@example.org');
    const tasks = await harness.query<{ service: string; ack_due_at: Date | null }>(
      `SELECT service, ack_due_at FROM erasure_tasks WHERE request_id = $1 ORDER BY service`,
      [id],
    );
    expect(tasks).toEqual([
      { service: 'accounts', ack_due_at: null },
      { service: 'paper-archive', ack_due_at: null },
    ]);
    const sdkDispatch = await harness.query(
      `SELECT 1 FROM audit_events WHERE stream = $1 AND type = 'task.dispatched'`,
      [`request:${id}`],
    );
    expect(sdkDispatch).toHaveLength(2);
  });

  it('records a retention exactly like a service result, by the operator, and completes the request', async () => {
    const id = await awaitingConfirmation('contract-holder@example.org');
    const { status, body } = await confirm(id, 'paper-archive', {
      outcome: 'retained',
      recordsAffected: 1,
      retention: RETENTION,
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      requestId: id,
      service: 'paper-archive',
      status: 'retained',
      recordsAffected: 1,
      requestStatus: 'completed',
    });

    const request = await harness.api<RequestBody>('GET', `/v1/erasure-requests/${id}`);
    expect(request.body.status).toBe('completed');
    expect(request.body.tasks.find((t) => t.service === 'paper-archive')).toMatchObject({
      status: 'retained',
      recordsAffected: 1,
      retention: RETENTION,
    });

    const audit = await harness.api<RequestAuditResponse>('GET', `/v1/erasure-requests/${id}/audit`);
    expect(audit.body.chainValid).toBe(true);
    const results = audit.body.events.filter((e) => e.type === 'task.result');
    expect(results.map((e) => [e.actor, e.data.service, e.data.outcome])).toEqual([
      ['service:accounts', 'accounts', 'deleted'],
      ['api-key:bootstrap', 'paper-archive', 'retained'],
    ]);
    expect(results[1].data).toMatchObject({ recordsAffected: 1, retention: RETENTION, attempt: 1 });
    expect(audit.body.events[audit.body.events.length - 1].type).toBe('request.completed');
  });

  it('keeps the evidence (a note and a file digest) with the result in the ledger', async () => {
    const id = await awaitingConfirmation('evidence@example.org');
    const evidenceSha256 = 'ab'.repeat(32);
    const { status } = await confirm(id, 'paper-archive', {
      outcome: 'deleted',
      recordsAffected: 2,
      note: 'two folders shredded, certificate in the compliance drive',
      evidenceSha256,
    });
    expect(status).toBe(200);
    const audit = await harness.api<RequestAuditResponse>('GET', `/v1/erasure-requests/${id}/audit`);
    const result = audit.body.events.find(
      (e) => e.type === 'task.result' && e.data.service === 'paper-archive',
    );
    expect(result?.data.evidence).toEqual({
      note: 'two folders shredded, certificate in the compliance drive',
      evidenceSha256,
    });
    expect(audit.body.chainValid).toBe(true);
  });

  it('refuses to confirm a task twice (409)', async () => {
    const id = await awaitingConfirmation('twice@example.org');
    await expect(
      confirm(id, 'paper-archive', { outcome: 'deleted', recordsAffected: 3 }),
    ).resolves.toMatchObject({
      status: 200,
      body: { status: 'deleted', requestStatus: 'completed' },
    });
    const again = await confirm(id, 'paper-archive', { outcome: 'not_found', recordsAffected: 0 });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'TASK_ALREADY_SETTLED',
      message: 'the task of paper-archive is already deleted',
    });
  });

  it('refuses a service that reports through the SDK (409)', async () => {
    const id = await awaitingConfirmation('sdk-service@example.org');
    const { status, body } = await confirm(id, 'accounts', { outcome: 'deleted', recordsAffected: 1 });
    expect(status).toBe(409);
    expect(body.code).toBe('SERVICE_NOT_MANUAL');
  });

  it('answers 404 for an unknown request or a service without a task, and 400 for a bad id', async () => {
    const unknown = await confirm('5b0c6c1e-4f3a-4c1b-9d0e-2a6f8b7c9d01', 'paper-archive', {
      outcome: 'deleted',
      recordsAffected: 1,
    });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'REQUEST_NOT_FOUND' } });

    const id = await awaitingConfirmation('no-task@example.org');
    const noTask = await confirm(id, 'nowhere', { outcome: 'deleted', recordsAffected: 1 });
    expect(noTask).toMatchObject({ status: 404, body: { code: 'TASK_NOT_FOUND' } });

    await expect(
      confirm('42', 'paper-archive', { outcome: 'deleted', recordsAffected: 1 }),
    ).resolves.toMatchObject({
      status: 400,
    });
  });

  let inconsistent = 0;
  it.each<[string, Record<string, unknown>, string]>([
    [
      'retained without a basis',
      { outcome: 'retained', recordsAffected: 1 },
      'retention {basis, note} is required',
    ],
    [
      'a retention for a deletion',
      { outcome: 'deleted', recordsAffected: 1, retention: RETENTION },
      'retention is only allowed when the outcome is retained',
    ],
    [
      'records found when nothing was',
      { outcome: 'not_found', recordsAffected: 4 },
      'recordsAffected must be 0',
    ],
  ])('rejects %s as unprocessable (422), changing nothing', async (_case, body, message) => {
    const id = await awaitingConfirmation(`inconsistent-${++inconsistent}@example.org`);
    const response = await confirm(id, 'paper-archive', body);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      statusCode: 422,
      error: 'Unprocessable Entity',
      code: 'INVALID_CONFIRMATION',
    });
    expect(response.body.message).toContain(message);
    const request = await harness.api<RequestBody>('GET', `/v1/erasure-requests/${id}`);
    expect(request.body.tasks.find((t) => t.service === 'paper-archive')?.status).toBe('dispatched');
  });

  it.each<[string, Record<string, unknown>]>([
    ['a failed outcome (failures are not confirmed by hand)', { outcome: 'failed', recordsAffected: 0 }],
    ['a negative count', { outcome: 'deleted', recordsAffected: -1 }],
    ['a fractional count', { outcome: 'deleted', recordsAffected: 1.5 }],
    ['a retention without basis', { outcome: 'retained', recordsAffected: 1, retention: { note: 'x' } }],
    ['a note naming a person', { outcome: 'deleted', recordsAffected: 1, note: 'asked by jane@example.org' }],
    [
      'a file digest that is not SHA-256 hex',
      { outcome: 'deleted', recordsAffected: 1, evidenceSha256: 'ABC' },
    ],
  ])('rejects %s as bad input (400)', async (_case, body) => {
    const response = await confirm('5b0c6c1e-4f3a-4c1b-9d0e-2a6f8b7c9d01', 'paper-archive', body);
    expect(response.status).toBe(400);
  });

  it('needs the operator role: an auditor is refused, an operator is recorded as the actor', async () => {
    const issue = async (role: string) => {
      const { status, body } = await harness.api<{ key: string }>('POST', '/v1/api-keys', {
        name: `confirm-${role}`,
        role,
      });
      expect(status).toBe(201);
      return body.key;
    };
    const id = await awaitingConfirmation('roles@example.org');
    const refused = await confirm(
      id,
      'paper-archive',
      { outcome: 'deleted', recordsAffected: 1 },
      await issue('auditor'),
    );
    expect(refused.status).toBe(403);

    const operator = await issue('operator');
    await expect(
      confirm(id, 'paper-archive', { outcome: 'not_found', recordsAffected: 0 }, operator),
    ).resolves.toMatchObject({ status: 200, body: { status: 'not_found' } });
    const audit = await harness.api<RequestAuditResponse>('GET', `/v1/erasure-requests/${id}/audit`);
    expect(
      audit.body.events.find((e) => e.data.service === 'paper-archive' && e.type === 'task.result')?.actor,
    ).toBe('api-key:confirm-operator');
  });
});
