import { readFileSync } from 'node:fs';
import { deleted } from '@lethe/deletion-sdk';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import { makeTestCertificate } from '../../test/support/opendsr-certificate';
import { ProcessorSigner } from '../opendsr/processor-signer';
import { signatureHeaders } from '../opendsr/signed-response';
import { signedHeaders } from './target-signing';

const SECRET = 'whsec_test_0123456789abcdef';
const DOMAIN = 'vendor-processor.lethe.test';

interface TaskView {
  service: string;
  status: string;
  expectedAt: string | null;
  recordsAffected: number | null;
  lastError: { code: string; message: string } | null;
}
interface RequestView {
  id: string;
  status: string;
  tasks: TaskView[];
}
interface Command {
  id: string;
  taskId: string;
  attempt: number;
  callbackUrl: string;
  subject: { identities: { type: string; value: string }[] };
}
interface SentCallback {
  text: string;
  headers: Record<string, string>;
  status: number;
}

/**
 * A webhook vendor: `/callback` accepts and calls back signed 300 ms later; `/poll` accepts with a status URL that
 * says "still working" once and then "deleted"; `/down` answers 503 to everything.
 */
function startVendor(commands: Command[], callbacks: SentCallback[]): Promise<Server> {
  const polls = new Map<string, number>();
  const reply = (response: ServerResponse, status: number, body?: unknown) =>
    response
      .writeHead(status, { 'content-type': 'application/json' })
      .end(body === undefined ? '' : JSON.stringify(body));
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = request.url ?? '';
      if (url === '/down') return reply(response, 503);
      if (url.startsWith('/status/')) {
        const taskId = url.slice('/status/'.length);
        const seen = (polls.get(taskId) ?? 0) + 1;
        polls.set(taskId, seen);
        return reply(
          response,
          200,
          seen < 2 ? { status: 'accepted' } : { status: 'deleted', recordsAffected: 2 },
        );
      }
      const command = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Command;
      commands.push(command);
      const port = (server.address() as AddressInfo).port;
      if (url === '/poll') {
        return reply(response, 200, {
          status: 'accepted',
          expectedCompletionAt: new Date(Date.now() + 60_000).toISOString(),
          statusUrl: `http://127.0.0.1:${port}/status/${command.taskId}`,
        });
      }
      reply(response, 200, {
        status: 'accepted',
        expectedCompletionAt: new Date(Date.now() + 60_000).toISOString(),
      });
      setTimeout(() => {
        const text = JSON.stringify({
          id: `cb-${command.id}`,
          taskId: command.taskId,
          attempt: command.attempt,
          status: 'deleted',
          recordsAffected: 5,
        });
        const headers = { 'content-type': 'application/json', ...signedHeaders(SECRET, text, new Date()) };
        void fetch(command.callbackUrl, { method: 'POST', headers, body: text }).then((answer) =>
          callbacks.push({ text, headers, status: answer.status }),
        );
      }, 300);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('targets: webhook, OpenDSR and manual data holders (two coordinators, real Kafka, PostgreSQL, Redis)', () => {
  const commands: Command[] = [];
  const callbacks: SentCallback[] = [];
  const certificate = makeTestCertificate(DOMAIN);
  let vendor: Server;
  let vendorUrl: string;
  // the OpenDSR vendor is a second coordinator, reached at its processor endpoint
  const processor = new CoordinatorHarness({
    LETHE_OPENDSR_PRIVATE_KEY_FILE: certificate.keyFile,
    LETHE_OPENDSR_CERTIFICATE_FILE: certificate.certificateFile,
    LETHE_OPENDSR_PROCESSOR_DOMAIN: DOMAIN,
    LETHE_OPENDSR_CALLBACK_ALLOWLIST: '127.0.0.1',
    LETHE_OPENDSR_POLL_INTERVAL_MS: '100',
    LETHE_OPENDSR_CALLBACK_BASE_DELAY_MS: '50',
  });
  const harness = new CoordinatorHarness({
    LETHE_TARGET_URL_ALLOWLIST: '127.0.0.1',
    LETHE_TARGET_POLL_INTERVAL_MS: '100',
    LETHE_TARGET_STATUS_POLL_INTERVAL_MS: '300',
    LETHE_MAX_ATTEMPTS: '2',
    LETHE_RETRY_BASE_DELAY_MS: '100',
    LETHE_RETRY_MAX_DELAY_MS: '200',
  });

  beforeAll(async () => {
    vendor = await startVendor(commands, callbacks);
    vendorUrl = `http://127.0.0.1:${(vendor.address() as AddressInfo).port}`;
    await Promise.all([harness.start(), processor.start()]);
    await harness.startService('shop', { db: async () => deleted(1) });
    await processor.startService('vendor-db', { db: async () => deleted(3) });
    await Promise.all([harness.waitForService('shop'), processor.waitForService('vendor-db')]);
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled([harness.stop(), processor.stop()]);
    await new Promise((resolve) => vendor.close(resolve));
  });

  const register = (body: Record<string, unknown>) =>
    harness.api<Record<string, unknown>>('POST', '/v1/targets', body);
  const webhook = (name: string, path: string, extra: Record<string, unknown> = {}) =>
    register({
      name,
      kind: 'webhook',
      url: `${vendorUrl}${path}`,
      identityTypes: ['email'],
      secret: SECRET,
      ...extra,
    });
  const submit = async (externalId: string) => {
    const { status, body } = await harness.api<RequestView>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      externalId,
      subject: {
        identities: [
          { type: 'email', value: 'Jane.Doe@example.com' },
          { type: 'user_id', value: 'u-7' },
        ],
      },
    });
    expect(status).toBe(201);
    return body.id;
  };
  const read = async (id: string) =>
    (await harness.api<RequestView>('GET', `/v1/erasure-requests/${id}`)).body;
  const taskOf = (request: RequestView, service: string) =>
    request.tasks.find((task) => task.service === service)!;

  it('refuses a target URL outside the allow-list with 400, and a webhook without a secret', async () => {
    const outside = await register({
      name: 'evil',
      kind: 'webhook',
      url: 'http://169.254.169.254/latest',
      identityTypes: ['email'],
      secret: SECRET,
    });
    expect(outside.status).toBe(400);
    expect(outside.body).toMatchObject({ code: 'TARGET_URL_NOT_ALLOWED' });
    const noSecret = await register({
      name: 'nosecret',
      kind: 'webhook',
      url: `${vendorUrl}/x`,
      identityTypes: ['email'],
    });
    expect(noSecret.status).toBe(400);
    expect((await harness.api<{ items: unknown[] }>('GET', '/v1/targets')).body.items).toEqual([]);
  });

  it('completes a request across an SDK service, two async webhooks (callback, polling), an OpenDSR vendor and a manual target', async () => {
    expect((await webhook('crm-vendor', '/callback')).status).toBe(201);
    expect((await webhook('mail-vendor', '/poll')).status).toBe(201);
    const opendsrKey = (
      await processor.api<{ key: string }>('POST', '/v1/api-keys', { name: 'acme', role: 'opendsr' })
    ).body.key;
    const opendsr = await register({
      name: 'analytics-vendor',
      kind: 'opendsr',
      url: `${processor.url}/opendsr/v2`,
      identityTypes: ['email'],
      secret: opendsrKey,
    });
    expect(opendsr.status).toBe(201);
    expect(opendsr.body).toMatchObject({ kind: 'opendsr', hasSecret: true, deadlinePolicy: 'escalate' });
    expect(
      (
        await harness.api('POST', '/v1/services', {
          name: 'paper-archive',
          identityTypes: ['email'],
          dataCategories: [],
        })
      ).status,
    ).toBe(201);

    const id = await submit('targets-1');
    // the polling vendor says "still working" first: its task waits, with the expected time on the API
    const waiting = await harness.waitFor('the polled vendor to be waiting', async () => {
      const task = taskOf(await read(id), 'mail-vendor');
      return task.status === 'waiting' ? task : undefined;
    });
    expect(Date.parse(waiting.expectedAt!)).toBeGreaterThan(Date.now());
    // a vendor gets only the identity types it registered for, signed
    expect(commands[0].subject.identities).toEqual([{ type: 'email', value: 'jane.doe@example.com' }]);

    await harness.waitFor('the manual task to be dispatched', async () =>
      taskOf(await read(id), 'paper-archive').status === 'dispatched' ? true : undefined,
    );
    const confirmed = await harness.api('POST', `/v1/erasure-requests/${id}/tasks/paper-archive/confirm`, {
      outcome: 'deleted',
      recordsAffected: 1,
    });
    expect(confirmed.status).toBe(200);

    const done = await harness.waitFor(
      `the request to complete (${JSON.stringify((await read(id)).tasks)})`,
      async () => {
        const request = await read(id);
        return request.status === 'completed' ? request : undefined;
      },
      60_000,
    );
    expect(
      Object.fromEntries(done.tasks.map((task) => [task.service, [task.status, task.recordsAffected]])),
    ).toEqual({
      'analytics-vendor': ['deleted', 0],
      'crm-vendor': ['deleted', 5],
      'mail-vendor': ['deleted', 2],
      'paper-archive': ['deleted', 1],
      shop: ['deleted', 1],
    });
    // the vendor coordinator erased the person in its own estate
    const [vendorRequest] = await processor.query<{ status: string }>(`SELECT status FROM erasure_requests`);
    expect(vendorRequest.status).toBe('completed');
    const audit = await harness.api<{
      events: { type: string; actor: string; data: Record<string, unknown> }[];
    }>('GET', `/v1/erasure-requests/${id}/audit`);
    // a vendor may report before its acceptance is applied (it then never waits): the polled one always waits
    expect(
      audit.body.events.some(
        (event) => event.type === 'task.waiting' && event.data.service === 'mail-vendor',
      ),
    ).toBe(true);
    expect(audit.body.events.some((event) => event.actor === 'target:crm-vendor')).toBe(true);
  }, 90_000);

  it('leaves webhook and OpenDSR targets out of a dry run: they have no dry run, so nothing is sent to them', async () => {
    const sentBefore = commands.length;
    const { status, body } = await harness.api<RequestView>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'email', value: 'dry.run@example.com' }] },
      externalId: 'targets-dry-run',
      dryRun: true,
    });
    expect(status).toBe(201);
    expect(body.tasks.map((task) => task.service).sort()).toEqual(['paper-archive', 'shop']);
    await expect(
      harness.query(
        `SELECT count(*)::int AS n FROM target_dispatches d JOIN erasure_tasks t ON t.id = d.task_id
          WHERE t.request_id = $1`,
        [body.id],
      ),
    ).resolves.toEqual([{ n: 0 }]);
    const audit = await harness.api<{ events: { type: string; data: Record<string, unknown> }[] }>(
      'GET',
      `/v1/erasure-requests/${body.id}/audit`,
    );
    expect(audit.body.events[0]).toMatchObject({
      type: 'request.received',
      data: { dryRun: true, services: ['paper-archive', 'shop'] },
    });
    // the SDK service answers the dry run; no vendor heard of it
    await harness.waitFor('the shop to answer the dry run', async () =>
      taskOf(await read(body.id), 'shop').status === 'deleted' ? true : undefined,
    );
    expect(commands.length).toBe(sentBefore);
  });

  it('refuses forged, stale and replayed callbacks', async () => {
    // the vendor notes Lethe's answer once its POST returns, which may be after the request showed completed
    const sent = await harness.waitFor('the vendor to note the answer to its callback', async () =>
      callbacks.find((callback) => callback.status === 202),
    );
    const post = (text: string, headers: Record<string, string>) =>
      fetch(`${harness.url}/v1/targets/crm-vendor/callbacks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: text,
      });

    expect((await post(sent.text, sent.headers)).status).toBe(409);
    const forged = JSON.stringify({
      ...JSON.parse(sent.text),
      id: 'cb-forged',
      status: 'not_found',
      recordsAffected: 0,
    });
    expect((await post(forged, signedHeaders('not-the-secret-at-all', forged, new Date()))).status).toBe(401);
    expect((await post(forged, { ...signedHeaders(SECRET, sent.text, new Date()) })).status).toBe(401);
    const stale = signedHeaders(SECRET, forged, new Date(Date.now() - 10 * 60_000));
    expect((await post(forged, stale)).status).toBe(401);
    const unknown = await fetch(`${harness.url}/v1/targets/nobody/callbacks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(SECRET, forged, new Date()) },
      body: forged,
    });
    expect(unknown.status).toBe(401);
  });

  it('refuses an OpenDSR status callback not signed under the processor certificate (401)', async () => {
    const [task] = await harness.query<{ id: string }>(
      `SELECT id FROM erasure_tasks WHERE service = 'analytics-vendor' LIMIT 1`,
    );
    const body = JSON.stringify({
      controller_id: 'lethe',
      expected_completion_time: new Date(Date.now() + 60_000).toISOString(),
      status_callback_url: `${harness.url}/v1/targets/analytics-vendor/callbacks`,
      subject_request_id: task.id,
      request_status: 'completed',
    });
    const post = (headers: Record<string, string>) =>
      fetch(`${harness.url}/v1/targets/analytics-vendor/callbacks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    // signed, with the processor's domain, but by a key that is not the one its certificate holds
    const forger = makeTestCertificate(DOMAIN);
    const forgerSigner = new ProcessorSigner(
      readFileSync(forger.keyFile, 'utf8'),
      forger.certificatePem,
      DOMAIN,
    );
    expect((await post(signatureHeaders(body, forgerSigner))).status).toBe(401);
    expect((await post({})).status).toBe(401);
    // the real processor's signature over another body does not cover this one
    const realSigner = new ProcessorSigner(
      readFileSync(certificate.keyFile, 'utf8'),
      certificate.certificatePem,
      DOMAIN,
    );
    expect((await post(signatureHeaders(`${body} `, realSigner))).status).toBe(401);
  });

  it('ends in needs_attention with the reason when a vendor is down through its whole retry window', async () => {
    for (const name of ['crm-vendor', 'mail-vendor', 'analytics-vendor', 'paper-archive']) {
      expect((await harness.api('DELETE', `/v1/services/${name}`)).status).toBe(200);
    }
    expect((await webhook('down-vendor', '/down')).status).toBe(201);
    const id = await submit('targets-down');
    const stuck = await harness.waitFor(
      'the request to need attention',
      async () => {
        const request = await read(id);
        return request.status === 'needs_attention' ? request : undefined;
      },
      60_000,
    );
    const task = taskOf(stuck, 'down-vendor');
    expect(task.status).toBe('failed');
    expect(task.lastError).toMatchObject({
      code: 'TARGET_UNREACHABLE',
      message: 'the target answered HTTP 503',
    });
    const audit = await harness.api<{ events: { type: string; data: Record<string, unknown> }[] }>(
      'GET',
      `/v1/erasure-requests/${id}/audit`,
    );
    expect(audit.body.events.find((event) => event.type === 'task.gave_up')?.data).toMatchObject({
      service: 'down-vendor',
      reason: 'budget_exhausted',
    });
  }, 90_000);

  it('records a dispatch to a target of a crypto-shredded request as task.dispatch_refused, as the Kafka relay does', async () => {
    const id = await submit('targets-shredded');
    await harness.waitFor(
      'the down vendor to give up',
      async () => ((await read(id)).status === 'needs_attention' ? true : undefined),
      60_000,
    );
    // as the shredder leaves a request: the sealed identities and their data key gone
    await harness.query(
      `UPDATE erasure_requests SET sealed_identities = NULL, wrapped_data_key = NULL WHERE id = $1`,
      [id],
    );
    const retried = await harness.api('POST', `/v1/erasure-requests/${id}/retry`, {});
    expect(retried.status).toBeLessThan(300);
    const refused = await harness.waitFor('the refusal in the ledger', async () => {
      const audit = await harness.api<{ events: { type: string; data: Record<string, unknown> }[] }>(
        'GET',
        `/v1/erasure-requests/${id}/audit`,
      );
      return audit.body.events.find((event) => event.type === 'task.dispatch_refused');
    });
    expect(refused.data).toMatchObject({ service: 'down-vendor', code: 'IDENTITIES_SHREDDED' });
    const dispatches = await harness.query<{ sent: boolean }>(
      `SELECT d.sent_at IS NOT NULL AS sent FROM target_dispatches d
         JOIN erasure_tasks t ON t.id = d.task_id WHERE t.request_id = $1`,
      [id],
    );
    // marked sent, so the outbox is not blocked by a row that can never be sent
    expect(dispatches.every((row) => row.sent)).toBe(true);
  }, 90_000);
});
