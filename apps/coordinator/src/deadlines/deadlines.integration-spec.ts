import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { deleted } from '@lethe/deletion-sdk';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import { ReconciliationSweep } from '../retries/reconciliation-sweep';

const DAY = 86_400_000;
const MINUTE = 60_000;
// UTC+14 all year, no DST: every due date ends at 09:59:59.999Z, which shows the zone is used, and date
// differences stay whole days whenever this runs
const TIME_ZONE = 'Pacific/Kiritimati';
/**
 * The next 14 local dates there, all holidays, so a receipt confirmation can only fall after them; and a 15th, for a
 * run in which the local date turns (10:00 UTC) between this module's load and the first submission.
 */
const HOLIDAYS = Array.from({ length: 15 }, (_, i) =>
  new Date(Date.now() + 14 * 3_600_000 + i * DAY).toISOString().slice(0, 10),
);

interface RequestView {
  id: string;
  status: string;
  submittedAt: string;
  dueAt: string;
  overdue: boolean;
  atRisk: boolean;
  extension: { reason: string; initialDueAt: string } | null;
  receiptConfirmationDueAt: string | null;
  receiptConfirmedAt: string | null;
  receiptConfirmationOverdue: boolean;
}

interface ErrorView {
  code: string;
  message: string;
}

describe('deadlines, escalation and extensions (real PostgreSQL, Kafka and Redis)', () => {
  const received: Record<string, unknown>[] = [];
  let webhook: Server;
  let harness: CoordinatorHarness;

  beforeAll(async () => {
    webhook = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push(JSON.parse(body) as Record<string, unknown>);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    harness = new CoordinatorHarness({
      LETHE_AT_RISK_LEAD_MS: String(3 * DAY),
      LETHE_SWEEP_INTERVAL_MS: '60000',
      LETHE_DEADLINE_TIME_ZONE: TIME_ZONE,
      LETHE_HOLIDAYS: HOLIDAYS.join(','),
      LETHE_ESCALATION_WEBHOOK_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/escalations`,
    });
    await harness.start();
    // registered, then gone: requests stay open so their deadlines matter
    const service = await harness.startService('archive', { db: async () => deleted(1) });
    await harness.waitForService('archive');
    await service.stop();
  });
  afterAll(async () => {
    await harness.stop();
    await new Promise((resolve) => webhook.close(resolve));
  });

  const submit = async (regulation: 'gdpr' | 'ccpa', externalId: string) => {
    const { status, body } = await harness.api<RequestView>('POST', '/v1/erasure-requests', {
      regulation,
      subject: { identities: [{ type: 'user_id', value: externalId }] },
      externalId,
    });
    expect(status).toBe(201);
    return body;
  };
  const get = async (id: string) =>
    (await harness.api<RequestView>('GET', `/v1/erasure-requests/${id}`)).body;
  const sweep = () => harness.app.get(ReconciliationSweep).sweep();
  /** Moves the test clock forward to an instant (never back). */
  const advanceTo = (instant: number) => {
    const by = instant - harness.clock.now().getTime();
    expect(by).toBeGreaterThan(0);
    harness.clock.advance(by);
  };
  const extend = (id: string, days: number) =>
    harness.api<RequestView & ErrorView>('POST', `/v1/erasure-requests/${id}/extend`, {
      days,
      reason: 'records spread across archived systems',
    });
  const confirmReceipt = (id: string, key?: string) =>
    harness.api<RequestView & ErrorView>(
      'POST',
      `/v1/erasure-requests/${id}/confirm-receipt`,
      undefined,
      key,
    );
  const ledger = (id: string, type: string) =>
    harness.query<{ actor: string; data: Record<string, unknown> }>(
      `SELECT actor, data FROM audit_events WHERE stream = $1 AND type = $2 ORDER BY seq`,
      [`request:${id}`, type],
    );

  it('counts due dates in the legal time zone, to the end of the local day, and skips holidays', async () => {
    const gdpr = await submit('gdpr', 'zone-1');
    const ccpa = await submit('ccpa', 'zone-2');
    expect(gdpr.dueAt).toMatch(/T09:59:59\.999Z$/);
    expect(ccpa.dueAt).toMatch(/T09:59:59\.999Z$/);
    expect(gdpr.receiptConfirmationDueAt).toBeNull();
    expect(ccpa.receiptConfirmationDueAt).toMatch(/T09:59:59\.999Z$/);
    // 14 holiday dates, then 10 business days (two weeks at least)
    const confirmIn = Date.parse(ccpa.receiptConfirmationDueAt!) - Date.parse(ccpa.submittedAt);
    expect(confirmIn).toBeGreaterThan(27 * DAY);
    expect(ccpa).toMatchObject({ receiptConfirmedAt: null, receiptConfirmationOverdue: false });
    const [received] = await ledger(ccpa.id, 'request.received');
    expect(received.data).toMatchObject({
      timeZone: TIME_ZONE,
      dueAt: ccpa.dueAt,
      receiptConfirmationDueAt: ccpa.receiptConfirmationDueAt,
    });
  });

  it('escalates at risk, then overdue, records both in the ledger and posts them to the webhook', async () => {
    const request = await submit('gdpr', 'late-1');
    // two days before the one-month deadline: inside the three-day lead (months differ in length, so count back)
    advanceTo(Date.parse(request.dueAt) - 2 * DAY);
    await sweep();
    expect(await get(request.id)).toMatchObject({ atRisk: true, overdue: false });

    harness.clock.advance(3 * DAY);
    await sweep();
    expect(await get(request.id)).toMatchObject({ overdue: true, status: 'in_progress' });

    const events = await harness.query<{ type: string }>(
      `SELECT type FROM audit_events WHERE stream = $1 AND type LIKE 'request.%' ORDER BY seq`,
      [`request:${request.id}`],
    );
    expect(events.map((e) => e.type)).toEqual(['request.received', 'request.at_risk', 'request.overdue']);

    await harness.waitFor('both webhooks', async () =>
      received.filter((r) => r.requestId === request.id).length >= 2 ? true : undefined,
    );
    const mine = received.filter((r) => r.requestId === request.id);
    expect(mine.map((r) => r.type).sort()).toEqual(['lethe.request.at_risk', 'lethe.request.overdue']);
    expect(mine[0]).toMatchObject({ externalId: 'late-1', regulation: 'gdpr' });
    expect(JSON.stringify(mine)).not.toContain('identities');

    // sweeping again escalates nothing twice
    await sweep();
    const again = await harness.query(
      `SELECT 1 FROM audit_events WHERE stream = $1 AND type = 'request.overdue'`,
      [`request:${request.id}`],
    );
    expect(again).toHaveLength(1);
  });

  it('extends a GDPR deadline once, within two months, and refuses what the law does not allow', async () => {
    const request = await submit('gdpr', 'extend-1');
    const tooLong = await harness.api<ErrorView>('POST', `/v1/erasure-requests/${request.id}/extend`, {
      days: 70,
      reason: 'complex request across archives',
    });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.message).toContain('two further months');
    expect(tooLong.body.code).toBe('EXTENSION_REFUSED');

    const ok = await harness.api<RequestView>('POST', `/v1/erasure-requests/${request.id}/extend`, {
      days: 30,
      reason: 'complex request across archives',
    });
    expect(ok.status).toBe(200);
    expect(Date.parse(ok.body.dueAt) - Date.parse(request.dueAt)).toBe(30 * DAY);
    expect(ok.body.extension).toMatchObject({
      reason: 'complex request across archives',
      initialDueAt: request.dueAt,
    });

    const twice = await harness.api<{ message: string }>(
      'POST',
      `/v1/erasure-requests/${request.id}/extend`,
      {
        days: 5,
        reason: 'again',
      },
    );
    expect(twice.status).toBe(422);
    expect(twice.body.message).toContain('only once');

    const missingReason = await harness.api('POST', `/v1/erasure-requests/${request.id}/extend`, { days: 5 });
    expect(missingReason.status).toBe(400);
  });

  it('limits a CCPA extension to 45 days', async () => {
    const request = await submit('ccpa', 'extend-2');
    const refused = await harness.api('POST', `/v1/erasure-requests/${request.id}/extend`, {
      days: 46,
      reason: 'needs more time',
    });
    expect(refused.status).toBe(422);
    const ok = await harness.api('POST', `/v1/erasure-requests/${request.id}/extend`, {
      days: 45,
      reason: 'needs more time',
    });
    expect(ok.status).toBe(200);
  });

  it('accepts an extension a minute before the time to tell the subject ends, and refuses one a minute after', async () => {
    const early = await submit('gdpr', 'in-time-1');
    const late = await submit('gdpr', 'in-time-2');

    advanceTo(Date.parse(early.dueAt) - MINUTE); // GDPR: within one month of receipt
    const accepted = await extend(early.id, 30);
    expect(accepted.status).toBe(200);
    expect(Date.parse(accepted.body.dueAt) - Date.parse(early.dueAt)).toBe(30 * DAY);

    advanceTo(Date.parse(late.dueAt) + MINUTE);
    const refused = await extend(late.id, 30);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('EXTENSION_TOO_LATE');
    expect(refused.body.message).toContain('GDPR Art. 12(3)');
    expect(refused.body.message).toContain(`(${TIME_ZONE})`);
    expect((await get(late.id)).dueAt).toBe(late.dueAt);
    expect(await ledger(late.id, 'request.extended')).toHaveLength(0);
  });

  it('refuses a late CCPA extension and keeps the recorded overdue', async () => {
    const request = await submit('ccpa', 'kept-overdue-1');
    advanceTo(Date.parse(request.dueAt) + MINUTE);
    await sweep();
    const [overdue] = await harness.query<{ overdue_at: Date }>(
      'SELECT overdue_at FROM erasure_requests WHERE id = $1',
      [request.id],
    );
    expect(overdue.overdue_at).toBeInstanceOf(Date);

    const refused = await extend(request.id, 45);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('EXTENSION_TOO_LATE');
    expect(refused.body.message).toContain('CCPA §1798.130(a)(2)');
    expect(await get(request.id)).toMatchObject({ overdue: true, dueAt: request.dueAt, extension: null });
    const [after] = await harness.query<{ overdue_at: Date }>(
      'SELECT overdue_at FROM erasure_requests WHERE id = $1',
      [request.id],
    );
    expect(after.overdue_at).toEqual(overdue.overdue_at);
    expect(await ledger(request.id, 'request.overdue')).toHaveLength(1);
  });

  it('never clears a recorded overdue, even when an extension is allowed', async () => {
    const request = await submit('gdpr', 'kept-overdue-2');
    // an overdue recorded against the current due date (e.g. by a replica whose clock ran ahead)
    const recordedAt = new Date(harness.clock.now().getTime() - MINUTE);
    await harness.query('UPDATE erasure_requests SET overdue_at = $2, at_risk_at = $2 WHERE id = $1', [
      request.id,
      recordedAt,
    ]);
    const extended = await extend(request.id, 10);
    expect(extended.status).toBe(200);
    expect(extended.body.atRisk).toBe(false); // at risk starts over for the new due date
    const [row] = await harness.query<{ overdue_at: Date; at_risk_at: Date | null }>(
      'SELECT overdue_at, at_risk_at FROM erasure_requests WHERE id = $1',
      [request.id],
    );
    expect(row).toEqual({ overdue_at: recordedAt, at_risk_at: null });
  });

  it('records a CCPA receipt confirmation once, with its actor, and refuses what does not apply', async () => {
    const ccpa = await submit('ccpa', 'receipt-1');
    const gdpr = await submit('gdpr', 'receipt-2');

    const confirmed = await confirmReceipt(ccpa.id);
    expect(confirmed.status).toBe(200);
    const confirmedAt = Date.parse(confirmed.body.receiptConfirmedAt ?? '');
    expect(confirmedAt).toBeGreaterThanOrEqual(Date.parse(ccpa.submittedAt));
    expect(confirmedAt).toBeLessThanOrEqual(harness.clock.now().getTime());
    expect(confirmed.body.receiptConfirmationOverdue).toBe(false);
    const [event] = await ledger(ccpa.id, 'request.receipt_confirmed');
    expect(event).toEqual({
      actor: 'api-key:bootstrap',
      data: { receiptConfirmationDueAt: ccpa.receiptConfirmationDueAt, late: false },
    });

    const twice = await confirmReceipt(ccpa.id);
    expect([twice.status, twice.body.code]).toEqual([409, 'RECEIPT_ALREADY_CONFIRMED']);
    const notCcpa = await confirmReceipt(gdpr.id);
    expect([notCcpa.status, notCcpa.body.code]).toEqual([409, 'RECEIPT_CONFIRMATION_NOT_REQUIRED']);
    const unknown = await confirmReceipt('7d0c7f0e-8a34-4c55-b1a3-0c0e3a1f9b21');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'REQUEST_NOT_FOUND']);

    const auditor = await harness.api<{ key: string }>('POST', '/v1/api-keys', {
      name: 'receipt-auditor',
      role: 'auditor',
    });
    expect(auditor.status).toBe(201);
    const other = await submit('ccpa', 'receipt-3');
    expect((await confirmReceipt(other.id, auditor.body.key)).status).toBe(403);
    expect(await ledger(ccpa.id, 'request.receipt_confirmed')).toHaveLength(1);
  });

  it('escalates a missing receipt confirmation once, like a deadline, and records a late one as late', async () => {
    const request = await submit('ccpa', 'receipt-late-1');
    advanceTo(Date.parse(request.receiptConfirmationDueAt!) - MINUTE);
    await sweep();
    expect(await ledger(request.id, 'request.receipt_confirmation_overdue')).toHaveLength(0);

    harness.clock.advance(2 * MINUTE);
    await sweep();
    await sweep();
    const escalations = await ledger(request.id, 'request.receipt_confirmation_overdue');
    expect(escalations).toEqual([
      { actor: 'system', data: { dueAt: request.receiptConfirmationDueAt, status: 'in_progress' } },
    ]);
    expect(await get(request.id)).toMatchObject({ receiptConfirmationOverdue: true, overdue: false });
    await harness.waitFor('the receipt confirmation webhook', async () =>
      received.find(
        (r) => r.requestId === request.id && r.type === 'lethe.request.receipt_confirmation_overdue',
      ),
    );

    const confirmed = await confirmReceipt(request.id);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.receiptConfirmationOverdue).toBe(false);
    const [event] = await ledger(request.id, 'request.receipt_confirmed');
    expect(event.data).toMatchObject({ late: true });
    await sweep();
    expect(await ledger(request.id, 'request.receipt_confirmation_overdue')).toHaveLength(1);
  });

  it('documents confirm-receipt and the refusals of extend in OpenAPI', async () => {
    const { body } = await harness.api<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>('GET', '/docs-json', undefined, null);
    const confirm = body.paths['/v1/erasure-requests/{id}/confirm-receipt'].post;
    expect(Object.keys(confirm.responses)).toEqual(expect.arrayContaining(['200', '404', '409']));
    expect(JSON.stringify(confirm.responses['200'])).toContain('ErasureRequestResponse');
    const extendRoute = body.paths['/v1/erasure-requests/{id}/extend'].post;
    expect(JSON.stringify(extendRoute.responses['422'])).toContain('EXTENSION_TOO_LATE');
  });
});
