import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { deleted } from '@lethe/deletion-sdk';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import { ReconciliationSweep } from '../retries/reconciliation-sweep';

const DAY = 86_400_000;

interface RequestView {
  id: string;
  status: string;
  dueAt: string;
  overdue: boolean;
  atRisk: boolean;
  extension: { reason: string; initialDueAt: string } | null;
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

  it('escalates at risk, then overdue, records both in the ledger and posts them to the webhook', async () => {
    const request = await submit('gdpr', 'late-1');
    harness.clock.advance(28 * DAY); // inside the three-day lead before a one-month deadline
    await sweep();
    expect(await get(request.id)).toMatchObject({ atRisk: true, overdue: false });

    harness.clock.advance(4 * DAY);
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
    const tooLong = await harness.api<{ message: string; code: string }>(
      'POST',
      `/v1/erasure-requests/${request.id}/extend`,
      { days: 70, reason: 'complex request across archives' },
    );
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.message).toContain('two further months');

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
});
