import { deleted, ErasureContext, SubjectIdentity } from '@lethe/deletion-sdk';
import { createHash, createVerify, randomUUID, X509Certificate } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import { makeTestCertificate } from '../../test/support/opendsr-certificate';

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

interface ReceivedCallback {
  path: string;
  headers: IncomingMessage['headers'];
  text: string;
  body: Record<string, string>;
}

const DOMAIN = 'processor.lethe.test';
const certificate = makeTestCertificate(DOMAIN);
const SUBJECT_EMAIL = 'johndoe@example.com';

/** A controller's callback endpoint: records what arrives; `/flaky` answers 500 the first time. */
function startReceiver(received: ReceivedCallback[]): Promise<Server> {
  let flakyFailed = false;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (request.url === '/flaky' && !flakyFailed) {
        flakyFailed = true;
        response.writeHead(500).end();
        return;
      }
      received.push({ path: request.url ?? '', headers: request.headers, text, body: JSON.parse(text) });
      response.writeHead(204).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function verifies(publicPem: string, text: string, signature: string | null | undefined): boolean {
  if (!signature) return false;
  return createVerify('sha256')
    .update(text)
    .verify(new X509Certificate(publicPem).publicKey, signature, 'base64');
}

describe('OpenDSR v2 processor endpoints (in-process coordinator, real Kafka, PostgreSQL, Redis)', () => {
  const received: ReceivedCallback[] = [];
  const seenByService: SubjectIdentity[][] = [];
  let receiver: Server;
  let callbackBase: string;
  let opendsrKey: string;
  let operatorKey: string;
  const harness = new CoordinatorHarness({
    LETHE_OPENDSR_PRIVATE_KEY_FILE: certificate.keyFile,
    LETHE_OPENDSR_CERTIFICATE_FILE: certificate.certificateFile,
    LETHE_OPENDSR_PROCESSOR_DOMAIN: DOMAIN,
    LETHE_OPENDSR_CONTROLLER_ID: 'acme-privacy',
    LETHE_OPENDSR_CALLBACK_ALLOWLIST: '127.0.0.1',
    LETHE_OPENDSR_POLL_INTERVAL_MS: '100',
    LETHE_OPENDSR_CALLBACK_BASE_DELAY_MS: '50',
  });

  beforeAll(async () => {
    receiver = await startReceiver(received);
    callbackBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    await harness.start();
    await harness.startService('shop', {
      db: async (ctx: ErasureContext) => {
        seenByService.push(ctx.identities);
        return deleted(ctx.matches('email', 'JohnDoe@Example.com') ? 1 : 0);
      },
    });
    await harness.waitForService('shop');
    opendsrKey = await issueKey('privacy-platform', 'opendsr');
    operatorKey = await issueKey('ops', 'operator');
  });
  afterAll(async () => {
    await harness.stop();
    await new Promise((resolve) => receiver.close(resolve));
  });

  async function issueKey(name: string, role: string): Promise<string> {
    const { status, body } = await harness.api<{ key: string }>('POST', '/v1/api-keys', { name, role });
    expect(status).toBe(201);
    return body.key;
  }

  async function call(
    method: string,
    path: string,
    body?: unknown,
    key: string | null = opendsrKey,
  ): Promise<Reply> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (key) headers.authorization = `Bearer ${key}`;
    const response = await fetch(`${harness.url}/opendsr/v2/${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: Reply['body'] = {};
    try {
      parsed = JSON.parse(text);
    } catch {
      // the certificate is PEM, not JSON
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
  }

  /** The spec's example request (§7.2), with a fresh id and our callback receiver. */
  function exampleRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      regulation: 'gdpr',
      subject_request_id: randomUUID(),
      subject_request_type: 'erasure',
      submitted_time: '2018-10-02T15:00:00Z',
      subject_identities: [{ identity_type: 'email', identity_value: SUBJECT_EMAIL, identity_format: 'raw' }],
      api_version: '2.0',
      status_callback_urls: [`${callbackBase}/opendsr/callbacks`],
      extensions: {
        'example-processor.com': { 'foo-processor-custom-id': 123456, property_id: '123456' },
        'example-other-processor.com': { 'foo-other-processor-custom-id': 654321 },
      },
      ...overrides,
    };
  }

  const counts = async () => {
    const [row] = await harness.query<{ requests: number; links: number }>(
      `SELECT (SELECT count(*)::int FROM erasure_requests) AS requests,
              (SELECT count(*)::int FROM opendsr_requests) AS links`,
    );
    return row;
  };

  function expectSigned(reply: Reply): void {
    for (const family of ['OpenDSR', 'OpenGDPR']) {
      expect(reply.headers.get(`x-${family.toLowerCase()}-processor-domain`)).toBe(DOMAIN);
      expect(
        verifies(certificate.certificatePem, reply.text, reply.headers.get(`x-${family}-signature`)),
      ).toBe(true);
    }
  }

  function expectSpecError(reply: Reply, status: number, reason?: string): void {
    expect(reply.status).toBe(status);
    expect(reply.body.error).toEqual({
      code: status,
      message: expect.any(String),
      errors: expect.arrayContaining([
        { domain: expect.any(String), reason: reason ?? expect.any(String), message: expect.any(String) },
      ]),
    });
    expect(reply.text).not.toContain(SUBJECT_EMAIL);
    expectSigned(reply);
  }

  it('describes itself in discovery and serves the certificate that verifies its signatures', async () => {
    const reply = await call('GET', 'discovery');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      api_version: '2.0',
      supported_identities: expect.arrayContaining([
        { identity_type: 'email', identity_format: 'raw' },
        { identity_type: 'email', identity_format: 'sha256' },
        { identity_type: 'ios_advertising_id', identity_format: 'md5' },
        { identity_type: 'controller_customer_id', identity_format: 'raw' },
      ]),
      supported_subject_request_types: ['erasure'],
      processor_certificate: `${harness.url}/opendsr/v2/cert.pem`,
    });
    expect(reply.body.supported_identities).toHaveLength(11 * 4);
    // fetched without a key, as a controller verifying a callback would
    const cert = await fetch(reply.body.processor_certificate);
    expect(cert.status).toBe(200);
    const pem = await cert.text();
    expect(new X509Certificate(pem).subject).toContain(`CN=${DOMAIN}`);
    expect(verifies(pem, reply.text, reply.headers.get('x-opendsr-signature'))).toBe(true);
  });

  it('takes the spec example request, signs the receipt, erases through the shop and calls back every status', async () => {
    const hashed = createHash('sha256').update(SUBJECT_EMAIL).digest('hex');
    const request = exampleRequest({
      subject_identities: [
        { identity_type: 'email', identity_value: SUBJECT_EMAIL, identity_format: 'raw' },
        { identity_type: 'email', identity_value: hashed, identity_format: 'sha256' },
      ],
      status_callback_urls: [`${callbackBase}/opendsr/callbacks`, `${callbackBase}/flaky`],
    });
    const sentText = JSON.stringify(request, null, 2);
    const before = Date.now();
    const reply = await call('POST', 'requests', sentText);

    expect(reply.status).toBe(201);
    expectSigned(reply);
    const { processor_signature: signature, ...unsigned } = reply.body;
    expect(Object.keys(reply.body).sort()).toEqual(
      [
        'api_version',
        'controller_id',
        'encoded_request',
        'expected_completion_time',
        'processor_signature',
        'received_time',
        'subject_request_id',
      ].sort(),
    );
    expect(reply.body.controller_id).toBe('acme-privacy');
    expect(reply.body.subject_request_id).toBe(request.subject_request_id);
    expect(Buffer.from(reply.body.encoded_request, 'base64').toString('utf8')).toBe(sentText);
    const received_ = Date.parse(reply.body.received_time);
    expect(received_).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    const expected = Date.parse(reply.body.expected_completion_time);
    // GDPR: one calendar month from receipt, to the end of that (legal time zone's) day
    expect(expected - received_).toBeGreaterThanOrEqual(28 * 86_400_000);
    expect(expected - received_).toBeLessThanOrEqual(32 * 86_400_000);
    expect(reply.body.expected_completion_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(verifies(certificate.certificatePem, JSON.stringify(unsigned), signature)).toBe(true);

    const statuses = async (path: string) => {
      const forPath = received.filter(
        (c) => c.path === path && c.body.subject_request_id === request.subject_request_id,
      );
      return forPath.length >= 3 ? forPath : undefined;
    };
    const callbacks = await harness.waitFor('three callbacks', () => statuses('/opendsr/callbacks'));
    expect(callbacks.map((c) => c.body.request_status)).toEqual(['pending', 'in_progress', 'completed']);
    for (const callback of callbacks) {
      expect(callback.headers['x-opendsr-processor-domain']).toBe(DOMAIN);
      expect(
        verifies(
          certificate.certificatePem,
          callback.text,
          callback.headers['x-opendsr-signature'] as string,
        ),
      ).toBe(true);
      expect(callback.body).toEqual({
        controller_id: 'acme-privacy',
        expected_completion_time: reply.body.expected_completion_time,
        status_callback_url: `${callbackBase}/opendsr/callbacks`,
        subject_request_id: request.subject_request_id,
        request_status: callback.body.request_status,
        api_version: '2.0',
      });
    }
    // the flaky endpoint failed once and still got every status, in order
    const flaky = await harness.waitFor('the flaky endpoint to catch up', () => statuses('/flaky'));
    expect(flaky.map((c) => c.body.request_status)).toEqual(['pending', 'in_progress', 'completed']);

    // the hashed identity reached the service with its format
    expect(seenByService.flat()).toEqual(
      expect.arrayContaining([
        { type: 'email', value: SUBJECT_EMAIL },
        { type: 'email', value: hashed, format: 'sha256' },
      ]),
    );

    const status = await call('GET', `requests/${request.subject_request_id}`);
    expect(status.status).toBe(200);
    expectSigned(status);
    expect(status.body).toEqual({
      controller_id: 'acme-privacy',
      expected_completion_time: reply.body.expected_completion_time,
      subject_request_id: request.subject_request_id,
      request_status: 'completed',
      api_version: '2.0',
    });

    expectSpecError(await call('DELETE', `requests/${request.subject_request_id}`), 400, 'NotPending');

    const [link] = await harness.query<{ request_id: string }>(
      `SELECT request_id FROM opendsr_requests WHERE subject_request_id = $1`,
      [request.subject_request_id],
    );
    // the endpoints have had every callback; the coordinator records each delivery once it has the answer
    const delivered = (types: string[]) => types.filter((t) => t === 'opendsr.callback_delivered');
    const audit = await harness.waitFor('every callback delivery to be recorded', async () => {
      const read = await harness.api<{ events: { type: string; data: Record<string, unknown> }[] }>(
        'GET',
        `/v1/erasure-requests/${link.request_id}/audit`,
      );
      return delivered(read.body.events.map((e) => e.type)).length >= 6 ? read : undefined;
    });
    const types = audit.body.events.map((e) => e.type);
    expect(delivered(types)).toHaveLength(6);
    expect(types).toContain('opendsr.callback_failed');
    expect(audit.text).not.toContain('/flaky');
    const metrics = await harness.api('GET', '/metrics', undefined, null);
    expect(metrics.text).toMatch(/lethe_opendsr_callbacks_total\{outcome="delivered"\} ([6-9]|\d\d)/);
    expect(metrics.text).toMatch(/lethe_opendsr_callbacks_total\{outcome="failed"\} [1-9]/);
  });

  it('creates nothing new for the same subject_request_id, even respelled, and refuses it for a different request', async () => {
    const request = exampleRequest();
    const first = await call('POST', 'requests', request);
    expect(first.status).toBe(201);
    const before = await counts();
    const again = await call('POST', 'requests', request);
    expect(again.status).toBe(201);
    expect(again.body.received_time).toBe(first.body.received_time);
    expect(await counts()).toEqual(before);
    // the same identities as Lethe normalises them (case, spacing, a repeat) are the same request
    const respelled = await call('POST', 'requests', {
      ...request,
      subject_identities: [
        {
          identity_type: 'email',
          identity_value: ` ${SUBJECT_EMAIL.toUpperCase()} `,
          identity_format: 'raw',
        },
        { identity_type: 'email', identity_value: SUBJECT_EMAIL, identity_format: 'raw' },
      ],
    });
    expect(respelled.status).toBe(201);
    expect(respelled.body.received_time).toBe(first.body.received_time);
    expect(await counts()).toEqual(before);
    const other = exampleRequest({
      subject_request_id: request.subject_request_id,
      subject_identities: [
        { identity_type: 'email', identity_value: 'other@example.com', identity_format: 'raw' },
      ],
    });
    expectSpecError(await call('POST', 'requests', other), 400, 'DuplicateSubjectRequestId');
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['a version 1 UUID', { subject_request_id: 'c232ab00-9414-11ec-b3c8-9f6bdeced846' }, 'InvalidValue'],
    ['an upper-case UUID', { subject_request_id: 'A7551968-D5D6-44B2-9831-815AC9017798' }, 'InvalidValue'],
    [
      'an unknown identity type',
      {
        subject_identities: [{ identity_type: 'ssn', identity_value: '078-05-1120', identity_format: 'raw' }],
      },
      'UnsupportedIdentityType',
    ],
    ['a missing submitted_time', { submitted_time: undefined }, 'MissingField'],
    ['a missing regulation', { regulation: undefined }, 'MissingField'],
    ['no identities', { subject_identities: undefined }, 'MissingField'],
    [
      'a callback URL not on the allow-list',
      { status_callback_urls: ['http://169.254.169.254/latest/meta-data'] },
      'CallbackUrlNotAllowed',
    ],
    [
      'a sha256 identity that is not a digest',
      {
        subject_identities: [
          { identity_type: 'email', identity_value: SUBJECT_EMAIL, identity_format: 'sha256' },
        ],
      },
      'InvalidIdentity',
    ],
    ['an access request', { subject_request_type: 'access' }, 'UnsupportedSubjectRequestType'],
    ['a portability request', { subject_request_type: 'portability' }, 'UnsupportedSubjectRequestType'],
  ])('refuses %s in the spec error shape and creates nothing', async (_, overrides, reason) => {
    const before = await counts();
    const reply = await call('POST', 'requests', exampleRequest(overrides));
    expectSpecError(reply, 400, reason);
    expect(await counts()).toEqual(before);
  });

  it('answers only opendsr and admin keys, in the spec error shape, and the opendsr key opens nothing else', async () => {
    expectSpecError(await call('GET', 'discovery', undefined, null), 401);
    expectSpecError(await call('GET', 'discovery', undefined, operatorKey), 403);
    expect((await call('GET', 'discovery', undefined, harness.adminApiKey)).status).toBe(200);
    expect((await harness.api('GET', '/v1/erasure-requests', undefined, opendsrKey)).status).toBe(403);
    expect((await harness.api('GET', '/v1/services', undefined, opendsrKey)).status).toBe(403);
    expectSpecError(await call('GET', `requests/${randomUUID()}`), 404);
  });

  it('refuses a body that is not JSON, or too large, in the spec error shape, on every name of the route', async () => {
    const before = await counts();
    expectSpecError(await call('POST', 'requests', '{"regulation": "gdpr", '), 400);
    expectSpecError(await call('POST', 'opengdpr_requests', '{"subject_request_id":'), 400);
    expectSpecError(await call('POST', 'requests', JSON.stringify({ padding: 'x'.repeat(200 * 1024) })), 413);
    expect(await counts()).toEqual(before);
    // the v1 API keeps Nest's shape for the same fault
    const v1 = await harness.api<{ statusCode: number }>('POST', '/v1/erasure-requests', '{"regulation": ');
    expect(v1).toMatchObject({ status: 400, body: { statusCode: 400 } });
  });

  it('keeps the legacy OpenGDPR route and names working, with regulation defaulting to gdpr', async () => {
    const { regulation: _regulation, ...legacy } = exampleRequest({ api_version: '0.1' });
    const reply = await call('POST', 'opengdpr_requests', legacy);
    expect(reply.status).toBe(201);
    expect(verifies(certificate.certificatePem, reply.text, reply.headers.get('x-opengdpr-signature'))).toBe(
      true,
    );
    const status = await call('GET', `opengdpr_requests/${String(legacy.subject_request_id)}`);
    expect(status.status).toBe(200);
    expect(status.body.subject_request_id).toBe(legacy.subject_request_id);
  });

  it('cancels a request while it is pending (no service has acted) and reports it cancelled', async () => {
    await harness.stopServices();
    const request = exampleRequest();
    expect((await call('POST', 'requests', request)).status).toBe(201);
    const id = String(request.subject_request_id);
    expect((await call('GET', `requests/${id}`)).body.request_status).toBe('pending');

    const reply = await call('DELETE', `requests/${id}`);
    expect(reply.status).toBe(202);
    expectSigned(reply);
    const { processor_signature: signature, ...unsigned } = reply.body;
    expect(unsigned).toEqual({
      controller_id: 'acme-privacy',
      subject_request_id: id,
      received_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      api_version: '2.0',
    });
    expect(verifies(certificate.certificatePem, JSON.stringify(unsigned), signature)).toBe(true);
    expect((await call('GET', `requests/${id}`)).body.request_status).toBe('cancelled');
    const callbacks = await harness.waitFor('the cancellation callback', async () => {
      const forId = received.filter((c) => c.body.subject_request_id === id);
      return forId.some((c) => c.body.request_status === 'cancelled') ? forId : undefined;
    });
    expect(callbacks.map((c) => c.body.request_status)).toEqual(['pending', 'cancelled']);
  });
});
