import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import {
  DEMO_CUSTOMERS,
  describeAtVendors,
  seedAtVendors,
  VendorUrls,
} from '../../../scripts/lib/sample-shop';
import { signedHeaders } from '../src/targets/target-signing';
import { describeInBrowser, launchChromium, seeCount, seeText } from './support/browser';
import { E2eEnvironment } from './support/e2e-environment';
import { makeTestCertificate } from './support/opendsr-certificate';

/**
 * Issue 15's "done when", across real processes: one erasure reaches SDK services, the sample webhook vendor
 * twice (reporting by signed callback, and at a status URL Lethe polls), a newsletter vendor reached over OpenDSR
 * (another Lethe, with its own SDK service), and a manual target a person confirms in the dashboard, in Chromium.
 */
const VENDOR_SECRET = `whsec_${randomBytes(16).toString('hex')}`;
const SDK_SERVICES = ['accounts', 'orders'];
const TERMINAL_OK = ['deleted', 'not_found', 'retained'];

interface TaskView {
  service: string;
  status: string;
  attempts: number;
  recordsAffected: number | null;
  expectedAt: string | null;
  nextAttemptAt: string | null;
  lastError: { code: string; message: string } | null;
}
interface RequestView {
  id: string;
  status: string;
  tasks: TaskView[];
}
interface AuditEvent {
  type: string;
  actor: string;
  data: Record<string, unknown>;
}
interface SentCallback {
  body: string;
  headers: Record<string, string>;
  status: number | null;
}

describeInBrowser('targets outside the estate (webhook, OpenDSR and manual; processes and Chromium)', () => {
  const shop = new E2eEnvironment();
  const newsletterVendor = new E2eEnvironment();
  const certificate = makeTestCertificate('localhost');
  const ada = DEMO_CUSTOMERS[0];
  let vendors: VendorUrls;
  let browser: Browser;
  let page: Page;
  let completed: RequestView;

  const read = async (id: string) => (await shop.api<RequestView>('GET', `/v1/erasure-requests/${id}`)).body;
  const taskOf = (request: RequestView, service: string) =>
    request.tasks.find((task) => task.service === service)!;
  const submit = async (externalId: string) => {
    const { status, body } = await shop.api<RequestView>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      externalId,
      subject: { identities: [{ type: 'email', value: ada.email }] },
    });
    expect(status).toBe(201);
    return body.id;
  };
  const vendorApi = async <T>(method: string, route: string, body?: unknown) => {
    const response = await fetch(shop.stack.url('webhook-vendor') + route, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await response.json()) as T;
  };
  const register = (body: Record<string, unknown>) =>
    shop.api<{ code?: string }>('POST', '/v1/targets', body);
  const webhook = (name: string, path: string) =>
    register({
      name,
      kind: 'webhook',
      url: `${shop.stack.url('webhook-vendor')}${path}`,
      identityTypes: ['email'],
      secret: VENDOR_SECRET,
    });

  // one environment after the other: at once, on a loaded two-core machine, neither may start in time
  beforeAll(async () => {
    await newsletterVendor.start(
      ['marketing'],
      {
        LETHE_OPENDSR_PRIVATE_KEY_FILE: certificate.keyFile,
        LETHE_OPENDSR_CERTIFICATE_FILE: certificate.certificateFile,
        LETHE_OPENDSR_CALLBACK_ALLOWLIST: '127.0.0.1',
        LETHE_OPENDSR_POLL_INTERVAL_MS: '100',
        LETHE_OPENDSR_CALLBACK_BASE_DELAY_MS: '100',
      },
      { label: 'vendor', readyTimeoutMs: 150_000 },
    );
    await shop.start(
      [...SDK_SERVICES, 'webhook-vendor'],
      {
        LETHE_TARGET_URL_ALLOWLIST: '127.0.0.1',
        LETHE_TARGET_POLL_INTERVAL_MS: '100',
        LETHE_TARGET_STATUS_POLL_INTERVAL_MS: '300',
        LETHE_MAX_ATTEMPTS: '2',
        LETHE_RETRY_BASE_DELAY_MS: '200',
        LETHE_RETRY_MAX_DELAY_MS: '400',
      },
      {
        appEnv: {
          'webhook-vendor': {
            WEBHOOK_VENDOR_SECRET: VENDOR_SECRET,
            WEBHOOK_VENDOR_COMPLETION_DELAY_MS: '500',
          },
        },
        readyTimeoutMs: 150_000,
      },
    );
    vendors = { crm: shop.stack.url('webhook-vendor'), newsletter: newsletterVendor.stack.url('marketing') };
    for (const [env, services] of [
      [shop, SDK_SERVICES],
      [newsletterVendor, ['marketing']],
    ] as const) {
      await env.waitFor(`${services.join(', ')} to register`, async () => {
        const { body } = await env.api<{ items: { name: string }[] }>('GET', '/v1/services');
        return services.every((name) => body.items.some((s) => s.name === name)) ? true : undefined;
      });
    }
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'en-GB', timezoneId: 'UTC' })).newPage();
    page.setDefaultTimeout(30_000);
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.allSettled([shop.stop(), newsletterVendor.stop()]);
  });

  it('refuses a target URL outside the allow-list at registration', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data', 'https://crm.example.com/lethe']) {
      const refused = await register({
        name: 'outside',
        kind: 'webhook',
        url,
        identityTypes: ['email'],
        secret: VENDOR_SECRET,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('TARGET_URL_NOT_ALLOWED');
    }
    expect((await shop.api<{ items: unknown[] }>('GET', '/v1/targets')).body.items).toEqual([]);
  });

  it('completes one request across SDK services, a webhook vendor (callback and polling), an OpenDSR vendor and a manual target confirmed in the dashboard', async () => {
    expect((await webhook('crm-vendor', '/erasures')).status).toBe(201);
    expect((await webhook('mail-vendor', '/erasures/polled')).status).toBe(201);
    const opendsrKey = await newsletterVendor.api<{ key: string }>('POST', '/v1/api-keys', {
      name: 'sample-shop',
      role: 'opendsr',
    });
    expect(
      (
        await register({
          name: 'newsletter-vendor',
          kind: 'opendsr',
          url: `${newsletterVendor.stack.url('coordinator')}/opendsr/v2`,
          identityTypes: ['email'],
          secret: opendsrKey.body.key,
        })
      ).status,
    ).toBe(201);
    const manual = await shop.api('POST', '/v1/services', {
      name: 'paper-archive',
      identityTypes: ['email'],
      dataCategories: ['contracts'],
    });
    expect(manual.status).toBe(201);
    expect(
      (
        await shop.serviceApi('accounts', 'POST', '/users', {
          email: ada.email,
          name: ada.name,
          phone: ada.phone,
          bio: ada.bio,
        })
      ).status,
    ).toBe(201);
    await seedAtVendors(vendors, ada);
    // the vendor holds its erasures until released, so the dashboard is seen showing them wait
    await vendorApi('POST', '/admin/pause', { paused: true });

    const id = await submit('external-1');
    await page.goto(`${shop.stack.url('coordinator')}/dashboard`);
    await page.fill('#api-key', shop.adminApiKey);
    await page.click('#sign-in-form button[type=submit]');
    await page.waitForSelector('#shell:not([hidden])');
    await page.goto(`${shop.stack.url('coordinator')}/dashboard#/requests/${id}`);
    for (const service of ['crm-vendor', 'mail-vendor']) {
      const row = page.locator(`#tasks-table tr[data-service=${service}]`);
      await seeText(row, 'Waiting on the target');
      await seeCount(row.locator('.expected-at'), 1);
    }
    await seeText(page.locator('#tasks-table tr[data-service=newsletter-vendor]'), 'Deleted');
    await seeText(page.locator('#progress-text'), '3 of 6 services done');
    const waiting = taskOf(await read(id), 'mail-vendor');
    expect(waiting.status).toBe('waiting');
    expect(waiting.expectedAt).not.toBeNull();

    await page.click('#confirm-task-paper-archive');
    await page.locator('#action-dialog').waitFor();
    await page.selectOption('#confirm-outcome', 'deleted');
    await page.fill('#confirm-records', '1');
    await page.fill('#confirm-note', 'contract folder shredded');
    await page.fill('#confirm-sha256', 'cd'.repeat(32));
    await page.click('#action-dialog-submit');
    await page.locator('#action-dialog').waitFor({ state: 'hidden' });
    await seeText(page.locator('#progress-text'), '4 of 6 services done');

    await vendorApi('POST', '/admin/pause', { paused: false });
    await seeText(page.locator('#request-status'), 'Completed', 60_000);
    await seeText(page.locator('#progress-text'), '6 of 6 services done');

    const done = await read(id);
    completed = done;
    expect(done.status).toBe('completed');
    for (const service of SDK_SERVICES) expect(TERMINAL_OK).toContain(taskOf(done, service).status);
    expect(taskOf(done, 'accounts')).toMatchObject({ status: 'deleted' });
    expect(taskOf(done, 'paper-archive')).toMatchObject({ status: 'deleted', recordsAffected: 1 });
    // OpenDSR reports no record count
    expect(taskOf(done, 'newsletter-vendor')).toMatchObject({ status: 'deleted', recordsAffected: 0 });
    // one vendor store, two registrations: whichever finished first erased the contact
    const webhooks = [taskOf(done, 'crm-vendor'), taskOf(done, 'mail-vendor')];
    for (const task of webhooks) expect(['deleted', 'not_found']).toContain(task.status);
    expect(webhooks.reduce((sum, task) => sum + (task.recordsAffected ?? 0), 0)).toBe(1);

    // the callback path reported crm-vendor's task; the polled one was never called back, so it was polled. The
    // vendor records Lethe's answer once its POST returns, which may be after the request shows completed.
    const sent = await shop.waitFor('the vendor to record the answer to its callback', async () => {
      const { items } = await vendorApi<{ items: SentCallback[] }>('GET', '/admin/callbacks');
      return items.length > 0 && items.every((callback) => callback.status !== null) ? items : undefined;
    });
    const taskIds = (
      await shop.query<{ id: string; service: string }>(
        'coordinator',
        `SELECT id, service FROM erasure_tasks WHERE request_id = $1`,
        [id],
      )
    ).reduce<Record<string, string>>((all, row) => ({ ...all, [row.service]: row.id }), {});
    const reported = sent.map((callback) => ({ ...JSON.parse(callback.body), httpStatus: callback.status }));
    expect(reported).toEqual([expect.objectContaining({ taskId: taskIds['crm-vendor'], httpStatus: 202 })]);
    const audit = (
      await shop.api<{ events: AuditEvent[]; chainValid: boolean }>('GET', `/v1/erasure-requests/${id}/audit`)
    ).body;
    expect(audit.chainValid).toBe(true);
    const results = audit.events.filter((event) => event.type === 'task.result');
    expect(results.find((event) => event.data.service === 'crm-vendor')?.actor).toBe('target:crm-vendor');
    expect(results.find((event) => event.data.service === 'mail-vendor')?.actor).toBe('target:mail-vendor');
    expect(results.find((event) => event.data.service === 'paper-archive')?.data.evidence).toEqual({
      note: 'contract folder shredded',
      evidenceSha256: 'cd'.repeat(32),
    });
    for (const service of ['crm-vendor', 'mail-vendor']) {
      expect(
        audit.events.some((event) => event.type === 'task.waiting' && event.data.service === service),
      ).toBe(true);
    }

    // the newsletter vendor's own Lethe erased her in its estate, and the vendors hold nothing of her now
    const passedOn = await newsletterVendor.api<{ items: { externalId: string; status: string }[] }>(
      'GET',
      '/v1/erasure-requests',
    );
    expect(passedOn.body.items).toEqual([
      expect.objectContaining({ externalId: `opendsr:${taskIds['newsletter-vendor']}`, status: 'completed' }),
    ]);
    await expect(describeAtVendors(vendors, ada)).resolves.toEqual([
      expect.stringMatching(/^crm-vendor +no contact$/),
      expect.stringMatching(/^newsletter-vendor +no subscription$/),
    ]);
  });

  it('refuses forged and replayed callbacks', async () => {
    const [sent] = (await vendorApi<{ items: SentCallback[] }>('GET', '/admin/callbacks')).items;
    const post = (text: string, headers: Record<string, string>) =>
      fetch(`${shop.stack.url('coordinator')}/v1/targets/crm-vendor/callbacks`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: text,
      });
    // the vendor's own signed callback, sent again
    expect((await post(sent.body, sent.headers)).status).toBe(409);
    const forged = JSON.stringify({ ...JSON.parse(sent.body), id: 'cb-forged', status: 'not_found' });
    expect(
      (await post(forged, signedHeaders('whsec_not-the-vendors-secret', forged, new Date()))).status,
    ).toBe(401);
    // the vendor's signature does not cover another body
    expect((await post(forged, sent.headers)).status).toBe(401);
    // nothing of it was applied
    const after = await read(completed.id);
    expect(after.status).toBe('completed');
    expect(taskOf(after, 'crm-vendor')).toEqual(taskOf(completed, 'crm-vendor'));
  });

  it('ends in needs_attention with the reason when a vendor is down through its whole retry window', async () => {
    await shop.stack.stopApp('webhook-vendor');
    const id = await submit('external-down');
    // the request needs attention as soon as one of the two webhook tasks gives up (mail-vendor's may be first,
    // their retries are jittered apart), so wait for crm-vendor's own verdict too
    const stuck = await shop.waitFor('the request to need attention and crm-vendor to give up', async () => {
      const request = await read(id);
      const task = taskOf(request, 'crm-vendor');
      const gaveUp = task.status === 'failed' && task.nextAttemptAt === null;
      return request.status === 'needs_attention' && gaveUp ? request : undefined;
    });
    const task = taskOf(stuck, 'crm-vendor');
    expect(task).toMatchObject({ status: 'failed', attempts: 2 });
    expect(task.lastError).toMatchObject({
      code: 'TARGET_UNREACHABLE',
      message: 'the target could not be reached: ECONNREFUSED',
    });
    const audit = await shop.api<{ events: AuditEvent[] }>('GET', `/v1/erasure-requests/${id}/audit`);
    expect(
      audit.body.events.find((event) => event.type === 'task.gave_up' && event.data.service === 'crm-vendor')
        ?.data,
    ).toMatchObject({ reason: 'budget_exhausted' });
  });
});
