import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_CUSTOMERS, seedCustomer } from '../../../scripts/lib/sample-shop';
import {
  describeInBrowser,
  eventually,
  launchChromium,
  seeAttribute,
  seeCount,
  seeText,
} from './support/browser';
import { E2eEnvironment } from './support/e2e-environment';

/**
 * The dashboard in a real headless Chromium (Debian's `chromium` package, driven by playwright-core; no browser is
 * ever downloaded) against the real coordinator and sample services as processes.
 *
 * Screenshots of every page are saved to .lethe/screenshots/, or to docs/screenshots/ (the ones the README shows)
 * with UPDATE_SCREENSHOTS=1 — so an ordinary test run leaves the committed pictures alone.
 */
const ROOT = resolve(__dirname, '..', '..', '..');
const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? join(ROOT, 'docs', 'screenshots')
    : join(ROOT, '.lethe', 'screenshots');
const DAY_MS = 24 * 60 * 60 * 1000;
const LAPTOP = { width: 1366, height: 860 };
const NARROW = { width: 390, height: 844 };
const title = 'dashboard in a real browser (Chromium, coordinator and sample services as processes)';

interface RequestBody {
  id: string;
  status: string;
}

describeInBrowser(title, () => {
  const env = new E2eEnvironment();
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const ids: Record<string, string> = {};

  async function submit(
    externalId: string,
    regulation = 'gdpr',
    email = `${externalId.toLowerCase()}@example.org`,
  ): Promise<string> {
    const { status, body } = await env.api<RequestBody>('POST', '/v1/erasure-requests', {
      regulation,
      subject: { identities: [{ type: 'email', value: email }] },
      externalId,
    });
    expect(status).toBe(201);
    ids[externalId] = body.id;
    return body.id;
  }

  async function status(id: string, wanted: string[]): Promise<string> {
    return env.waitFor(`${id} to be ${wanted.join(' or ')}`, async () => {
      const { body } = await env.api<RequestBody>('GET', `/v1/erasure-requests/${id}`);
      return wanted.includes(body.status) ? body.status : undefined;
    });
  }

  async function marketing(
    route: 'latency' | 'failures' | 'hangs',
    body: Record<string, unknown>,
  ): Promise<void> {
    const { status: code } = await env.serviceApi('marketing', 'POST', `/admin/${route}`, body);
    expect(code).toBe(200);
  }

  /** The whole page, or only what is in the window (`fullPage: false`: a dialog, a phone screen). */
  async function shot(name: string, target: Page = page, fullPage = true): Promise<void> {
    await target.screenshot({
      path: join(SCREENSHOTS, `${name}.png`),
      fullPage,
      animations: 'disabled',
    });
  }

  async function signIn(target: Page, key: string): Promise<void> {
    await target.goto(`${env.stack.url('coordinator')}/dashboard`);
    await target.fill('#api-key', key);
    await target.click('#sign-in-form button[type=submit]');
    await target.waitForSelector('#shell:not([hidden])');
  }

  /** Set on the page; gone if the page ever reloads. */
  async function markPage(): Promise<void> {
    await page.evaluate('window.__letheNoReload = true');
  }

  async function expectNoReload(): Promise<void> {
    await expect(page.evaluate('"__letheNoReload" in window')).resolves.toBe(true);
  }

  /**
   * A month of history, so the overview shows what a privacy team would see: completed requests spread over the
   * last 30 days (real requests, erased by the real services, then moved back in time in the coordinator's
   * database), one request overdue and one at risk, both stuck on a permanent failure at marketing.
   */
  async function seedHistory(): Promise<void> {
    const history = await Promise.all(
      Array.from({ length: 24 }, (_, n) => submit(`ZD-${20400 + n}`, n % 3 === 0 ? 'ccpa' : 'gdpr')),
    );
    await Promise.all(history.map((id) => status(id, ['completed'])));
    await env.query(
      'coordinator',
      `WITH r AS (SELECT id, row_number() OVER (ORDER BY external_id) AS n FROM erasure_requests WHERE id = ANY($1))
       UPDATE erasure_requests e
          SET submitted_at = now() - ((n * 11) % 29 + 1) * interval '1 day' - (n % 7) * interval '3 hours',
              completed_at = now() - ((n * 11) % 29 + 1) * interval '1 day' + ((n * 5) % 31) * interval '1 hour',
              due_at = now() - ((n * 11) % 29 + 1) * interval '1 day' + interval '30 days',
              initial_due_at = now() - ((n * 11) % 29 + 1) * interval '1 day' + interval '30 days'
         FROM r WHERE e.id = r.id`,
      [history],
    );
    await marketing('failures', { count: 2, retriable: false });
    const overdue = await submit('ZD-20381');
    await status(overdue, ['needs_attention']);
    const atRisk = await submit('ZD-20390', 'ccpa');
    await status(atRisk, ['needs_attention']);
    const now = Date.now();
    await env.query(
      'coordinator',
      `UPDATE erasure_requests SET submitted_at = $2, due_at = $3, initial_due_at = $3 WHERE id = $1`,
      [overdue, new Date(now - 33 * DAY_MS), new Date(now - 2 * DAY_MS)],
    );
    await env.query(
      'coordinator',
      `UPDATE erasure_requests SET submitted_at = $2, due_at = $3, initial_due_at = $3,
              receipt_confirmation_due_at = $4 WHERE id = $1`,
      [atRisk, new Date(now - 41 * DAY_MS), new Date(now + 4 * DAY_MS), new Date(now - 27 * DAY_MS)],
    );
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await env.start(undefined, { LETHE_RETRY_BASE_DELAY_MS: '500', LETHE_MAX_ATTEMPTS: '3' });
    await env.waitFor('every sample service to register', async () => {
      const { body } = await env.api<{ items: { name: string }[] }>('GET', '/v1/services');
      return body.items.length === 4 ? true : undefined;
    });
    await seedHistory();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB', timezoneId: 'UTC' });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    await browser?.close();
    await env.stop();
  });

  it('signs in with an API key, refusing a wrong one with a message', async () => {
    await page.goto(`${env.stack.url('coordinator')}/dashboard`);
    await page.waitForSelector('#sign-in:not([hidden])');
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe('api-key');
    await page.fill('#api-key', 'not-a-valid-key-0123456789');
    await page.keyboard.press('Enter');
    await seeText(page.locator('#sign-in-error'), 'That API key was not accepted. Check it and try again.');
    await shot('01-sign-in');

    await page.fill('#api-key', env.adminApiKey);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#shell:not([hidden])');
    await seeText(page.locator('#who-role'), 'admin');
    await page.waitForSelector('#live-status[data-state=live]');
  });

  it('opens on the overview: counts, what is overdue or at risk first, completions per day', async () => {
    await page.waitForSelector('[data-kpi=overdue] .kpi-value');
    await seeText(page.locator('[data-kpi=overdue] .kpi-value'), '1');
    await seeText(page.locator('[data-kpi=at-risk] .kpi-value'), '1');
    await seeText(page.locator('[data-kpi=completed] .kpi-value'), '24');
    const attention = page.locator('section[aria-labelledby=attention-title] tbody tr');
    await seeCount(attention, 2);
    await seeText(attention.nth(0), 'ZD-20381');
    await seeText(attention.nth(0), 'Overdue');
    await seeText(attention.nth(1), 'At risk');
    await seeCount(page.locator('svg.chart rect.bar'), 30);
    await shot('02-overview');
  });

  it('shows a submitted request arrive on the list and reach completed, without reloading', async () => {
    await page.click('a[data-nav=requests]');
    await page.waitForSelector('tr[data-request-id]');
    await markPage();
    await marketing('latency', { ms: 2500 });

    const id = await submit('web-live-1');
    const row = page.locator(`tr[data-request-id="${id}"]`);
    // it appears on its own, first, and moves on while marketing is still working
    await row.waitFor();
    await seeAttribute(page.locator('tbody tr').first(), 'data-request-id', id);
    await seeAttribute(row, 'data-status', 'in_progress');
    // three services done and marketing still working is the moment for the picture (on a slow machine it may
    // have finished too, which is fine)
    await eventually('three services done', async () => {
      const seen = await row.getAttribute('data-status');
      const done = await row.locator('[role=progressbar]').getAttribute('aria-valuenow');
      return { ok: done === '3' || seen === 'completed', seen: { seen, done } };
    });
    await shot('03-requests');
    await seeAttribute(row, 'data-status', 'completed', 30_000);
    await seeAttribute(row.locator('[role=progressbar]'), 'aria-valuenow', '4');
    await seeText(page.locator('#announcer'), 'web-live-1 is now Completed');
    await expectNoReload();
  });

  it('filters by status and finds a request by its external id', async () => {
    await page.selectOption('#filter-status', 'needs_attention');
    await seeCount(page.locator('tbody tr'), 2);
    expect(page.url()).toMatch(/#\/requests\?status=needs_attention$/);
    await page.selectOption('#filter-status', '');
    await page.fill('#filter-q', 'ZD-20390');
    await page.keyboard.press('Enter');
    await seeCount(page.locator('tbody tr'), 1);
    await seeText(page.locator('tbody tr'), 'ZD-20390');
    await page.fill('#filter-q', '');
    await page.keyboard.press('Enter');
    // 27 requests by now: a full first page of 25, then keyset paging to the rest
    await seeCount(page.locator('tbody tr'), 25);
    await page.click('.pager button:has-text("Older")');
    await seeCount(page.locator('tbody tr'), 2);
    await seeText(page.locator('.pager p'), 'Page 2');
    await seeAttribute(page.locator('.pager button:has-text("Older")'), 'disabled', '');
    await page.click('.pager button:has-text("Newer")');
    await seeCount(page.locator('tbody tr'), 25);
    await expectNoReload();
  });

  it('follows a request on its detail page to completed, with the audit chain verified', async () => {
    // a customer of the sample shop, so every store really holds something about her
    const ada = DEMO_CUSTOMERS[0];
    await seedCustomer((service) => env.stack.url(service), ada);
    const id = await submit('web-live-2', 'gdpr', ada.email);
    await page.locator(`tr[data-request-id="${id}"] a`).click();
    expect(page.url()).toMatch(new RegExp(`#/requests/${id}$`));
    await seeText(page.locator('#progress-text'), /of 4 services done/);
    await seeText(page.locator('#request-status'), 'Completed', 30_000);
    await seeText(page.locator('#progress-text'), '4 of 4 services done');
    await seeText(
      page.locator('#tasks-table tr[data-service=orders]'),
      /Retained.*Art\. 17\(3\)\(b\) legal obligation.*tax records/,
    );
    await seeText(page.locator('#tasks-table tr[data-service=accounts]'), /Deleted\s*1\s*[1-9]/);
    await seeText(page.locator('#chain-badge'), '✓ Chain verified');
    await seeText(page.locator('.timeline li').last(), 'Request completed');
    await expectNoReload();
    await shot('04-request-detail');
  });

  it('retries a request that needs attention, from its detail page', async () => {
    await marketing('latency', { ms: 0 });
    await page.goto(`${env.stack.url('coordinator')}/dashboard#/requests/${ids['ZD-20390']}`);
    await seeText(page.locator('#request-status'), 'Needs attention');
    await seeText(page.locator('#tasks-table tr[data-service=marketing]'), 'INJECTED_FAILURE');
    await shot('05-needs-attention');
    await markPage();
    await page.click('#action-retry');
    await page.locator('#action-dialog').waitFor();
    await page.click('#action-dialog-submit');
    await seeText(page.locator('#request-status'), 'Completed', 30_000);
    await expectNoReload();
  });

  it('extends and cancels another request, showing the coordinator’s reason when it refuses', async () => {
    // marketing holds this erasure until it is let go, so the request is cancelled half-way however long the
    // browser takes (a fixed delay could run out first on a loaded machine, and the request complete)
    await marketing('hangs', { emails: ['web-cancel-1@example.org'] });
    const id = await submit('web-cancel-1');
    await page.goto(`${env.stack.url('coordinator')}/dashboard#/requests/${id}`);
    await seeText(page.locator('#request-status'), /Received|In progress/);
    await markPage();

    await page.click('#action-extend');
    await page.fill('#extend-days', '92');
    await page.fill('#extend-reason', 'records are spread over several archives');
    await page.click('#action-dialog-submit');
    // the law, not the form, limits a GDPR extension: the coordinator's message is shown as it is
    await seeText(page.locator('#action-dialog-error'), /two/);
    await page.fill('#extend-days', '30');
    await page.click('#action-dialog-submit');
    await page.locator('#action-dialog').waitFor({ state: 'hidden' });
    await seeAttribute(page.locator('#action-extend'), 'disabled', '');
    await seeText(page.locator('.timeline'), 'records are spread over several archives');

    await page.click('#action-cancel');
    await page.fill('#cancel-reason', 'identity could not be verified');
    await shot('06-cancel-dialog', page, false);
    await page.click('#action-dialog-submit');
    await seeText(page.locator('#request-status'), 'Cancelled');
    await seeText(page.locator('.timeline'), 'identity could not be verified');
    await seeCount(page.locator('#action-cancel'), 0);
    await expectNoReload();
    await expect(status(id, ['cancelled'])).resolves.toBe('cancelled');
    await marketing('hangs', { emails: [] });
  });

  it('shows a bulk list with its progress bar, and the lines it refused with their numbers and reasons', async () => {
    const csv = [
      'email',
      'bulk-web-1@example.org',
      'not-an-email',
      'bulk-web-2@example.org',
      'bulk-web-3@example.org',
      '@',
    ].join('\n');
    const upload = await fetch(`${env.stack.url('coordinator')}/v1/erasure-requests/bulk?regulation=gdpr`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.adminApiKey}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(upload.status).toBe(202);
    const { id } = (await upload.json()) as { id: string };

    await markPage();
    await page.click('a[data-nav=bulk]');
    const job = page.locator(`[data-bulk-job="${id}"]`);
    await seeText(job, '5 lines · 3 accepted · 2 rejected');
    // the page polls while the job runs: the bar reaches 100% once its three requests are completed
    await seeAttribute(job.locator('[role=progressbar]'), 'aria-valuenow', '100', 60_000);
    await seeText(job, '3 created, 3 completed');

    await job.locator('.bulk-rejected summary').click();
    await seeCount(job.locator('.bulk-rejected-table tbody tr'), 2);
    await seeText(job.locator('tr[data-line="3"]'), /^3\D.*not a valid email address/);
    await seeText(job.locator('tr[data-line="6"]'), /^6\D/);
    // what is refused is said by line number and reason, never by echoing the line
    await expect(job.locator('.bulk-rejected').textContent()).resolves.not.toContain('not-an-email');
    await shot('12-bulk');

    // a list with more bad lines than one page: the rest come a page at a time, in line order
    const many = await fetch(`${env.stack.url('coordinator')}/v1/erasure-requests/bulk?regulation=gdpr`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.adminApiKey}`, 'content-type': 'text/csv' },
      body: ['email', ...Array.from({ length: 105 }, (_, n) => `bad-${n}`)].join('\n'),
    });
    expect(many.status).toBe(202);
    const { id: manyId } = (await many.json()) as { id: string };
    const bad = page.locator(`[data-bulk-job="${manyId}"]`);
    await seeText(bad, '105 lines · 0 accepted · 105 rejected');
    await bad.locator('.bulk-rejected summary').click();
    await seeCount(bad.locator('.bulk-rejected-table tbody tr'), 100);
    await bad.getByRole('button', { name: 'Show more (5 left)' }).click();
    await seeCount(bad.locator('.bulk-rejected-table tbody tr'), 105);
    await expect(
      bad
        .locator('.bulk-rejected-table tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-line'))),
    ).resolves.toEqual(Array.from({ length: 105 }, (_, n) => String(n + 2)));
    await seeCount(bad.getByRole('button', { name: /Show more/ }), 0);
    await expectNoReload();
  });

  it('lists every service with its heartbeat, highlighting a stale one', async () => {
    await env.stack.stopApp('cart');
    // the cart is down; rather than wait out the stale threshold, its last heartbeat is moved back, once the
    // coordinator has applied every announcement on the registry (one sent as the cart stopped would move it
    // forward again)
    await env.waitUntilConsumed('lethe-coordinator', 'lethe.registry');
    await env.query('coordinator', `UPDATE registered_services SET last_seen_at = $1 WHERE name = 'cart'`, [
      new Date(Date.now() - 10 * 60_000),
    ]);
    await page.click('a[data-nav=services]');
    await seeCount(page.locator('#services-table tbody tr'), 4);
    await seeAttribute(page.locator('#services-table tr[data-service=cart]'), 'class', /row-stale/);
    await seeText(page.locator('#services-table tr[data-service=cart]'), 'Stale');
    await seeText(page.locator('#services-table tr[data-service=accounts]'), '100%');
    await shot('07-services');
  });

  it('shows an auditor everything but no action buttons', async () => {
    const issued = await env.api<{ key: string }>('POST', '/v1/api-keys', {
      name: 'dpo-auditor',
      role: 'auditor',
    });
    expect(issued.status).toBe(201);
    const auditorContext = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB', timezoneId: 'UTC' });
    const auditor = await auditorContext.newPage();
    await signIn(auditor, issued.body.key);
    await seeText(auditor.locator('#who-role'), 'auditor');
    await auditor.goto(`${env.stack.url('coordinator')}/dashboard#/requests/${ids['ZD-20381']}`);
    await seeText(auditor.locator('#request-status'), 'Needs attention');
    await seeText(auditor.locator('.actions-note'), 'Read-only: your key has the auditor role');
    await seeCount(auditor.locator('.actions button'), 0);
    await shot('08-auditor-read-only', auditor);
    await auditorContext.close();
  });

  it('works in a narrow window and with the keyboard', async () => {
    await page.setViewportSize(NARROW);
    await page.click('a[data-nav=requests]');
    await page.waitForSelector('tr[data-request-id]');
    // tables become one card per row, each value labelled by its column
    const label = await page.evaluate(
      `getComputedStyle(document.querySelector('tbody tr td[data-label=Status]'), '::before').content`,
    );
    expect(label).toBe('"Status"');
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('09-narrow-requests', page, false);

    // a fresh page load (signed in from this tab's session), where the keyboard starts at the top
    await page.goto(`${env.stack.url('coordinator')}/dashboard#/overview`);
    await page.reload();
    await page.waitForSelector('[data-kpi=overdue]');
    await shot('10-narrow-overview');
    await page.keyboard.press('Tab');
    await seeText(page.locator(':focus'), 'Skip to content');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(`({
      inMain: Boolean(document.activeElement.closest('main')),
      outline: getComputedStyle(document.activeElement).outlineStyle,
    })`);
    expect(focused).toEqual({ inMain: true, outline: 'solid' });
    await page.setViewportSize(LAPTOP);
  });

  it('confirms a manual task with its evidence through the button, and the request completes', async () => {
    // the services test left the cart down
    await env.stack.startApp('cart');
    const registered = await env.api('POST', '/v1/services', {
      name: 'paper-archive',
      identityTypes: ['email'],
      dataCategories: ['contracts'],
    });
    expect(registered.status).toBe(201);
    const id = await submit('web-manual-1');
    await page.goto(`${env.stack.url('coordinator')}/dashboard#/requests/${id}`);
    await seeText(page.locator('#tasks-table tr[data-service=paper-archive]'), 'Dispatched', 30_000);
    await seeText(page.locator('#progress-text'), '4 of 5 services done', 30_000);
    await markPage();
    await page.click('#confirm-task-paper-archive');
    await page.locator('#action-dialog').waitFor();
    await page.selectOption('#confirm-outcome', 'deleted');
    await page.fill('#confirm-records', '2');
    // the server refuses a note that names the person, and says why
    await page.fill('#confirm-note', 'asked by web-manual-1@example.org');
    await page.click('#action-dialog-submit');
    await seeText(page.locator('#action-dialog-error'), /personal data/);
    await page.fill('#confirm-note', 'box 12 shredded by the archive team');
    await page.fill('#confirm-sha256', 'AB'.repeat(32));
    await shot('11-confirm-manual-task', page, false);
    await page.click('#action-dialog-submit');
    await page.locator('#action-dialog').waitFor({ state: 'hidden' });
    await seeText(page.locator('#request-status'), 'Completed', 30_000);
    await seeText(page.locator('#tasks-table tr[data-service=paper-archive]'), /Deleted\s*1\s*2/);
    await seeCount(page.locator('#confirm-task-paper-archive'), 0);
    await expectNoReload();
    const audit = await env.api<{ events: { type: string; data: Record<string, unknown> }[] }>(
      'GET',
      `/v1/erasure-requests/${id}/audit`,
    );
    const confirmed = audit.body.events.find(
      (e) => e.type === 'task.result' && e.data.service === 'paper-archive',
    );
    expect(confirmed?.data.evidence).toEqual({
      note: 'box 12 shredded by the archive team',
      evidenceSha256: 'ab'.repeat(32),
    });
  });
});
