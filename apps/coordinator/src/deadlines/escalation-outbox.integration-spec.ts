import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { deleted } from '@lethe/deletion-sdk';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import { ReconciliationSweep } from '../retries/reconciliation-sweep';
import { EscalationDeliveryWorker } from './escalation-delivery.worker';

const DAY = 86_400_000;
/** BullMQ gave the old webhook job 8 attempts (exponential from 1 s, about 4 minutes); the outbox has no budget. */
const OLD_ATTEMPT_BUDGET = 8;

interface Delivery {
  id: string;
  requestId: string;
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
}

/** A webhook that answers 503 until it is told to come up, and remembers what it accepted. */
class FlakyWebhook {
  up = false;
  readonly accepted: { requestId: string; type: string; deliveryId: string }[] = [];
  /** The delivery ids of the POSTs it refused, in the order it answered them. */
  readonly refused: string[] = [];
  private server!: Server;

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (!this.up) {
          this.refused.push((JSON.parse(body) as { deliveryId: string }).deliveryId);
          res.writeHead(503).end();
          return;
        }
        this.accepted.push(JSON.parse(body) as FlakyWebhook['accepted'][number]);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/escalations`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const ENV = {
  LETHE_AT_RISK_LEAD_MS: String(3 * DAY),
  LETHE_SWEEP_INTERVAL_MS: '60000',
  LETHE_ESCALATION_POLL_INTERVAL_MS: '50',
  LETHE_ESCALATION_RETRY_BASE_DELAY_MS: '20',
  LETHE_ESCALATION_RETRY_MAX_DELAY_MS: '80',
};

describe('escalation webhook from the PostgreSQL outbox (issue 12, item 5)', () => {
  const webhook = new FlakyWebhook();
  let primary: CoordinatorHarness;
  /** The coordinator the tests talk to: the primary, or the replica that replaced it after a crash. */
  let harness: CoordinatorHarness;

  beforeAll(async () => {
    const url = await webhook.listen();
    primary = new CoordinatorHarness({ ...ENV, LETHE_ESCALATION_WEBHOOK_URL: url });
    harness = await primary.start();
    // registered, then gone: requests stay open so their deadlines matter
    const service = await harness.startService('archive', { db: async () => deleted(1) });
    await harness.waitForService('archive');
    await service.stop();
  });
  afterAll(async () => {
    if (harness !== primary) await harness.stop();
    await primary.stop();
    await webhook.close();
  });
  beforeEach(() => {
    webhook.up = false;
  });

  /** A request past its due date, escalated (at risk and overdue) by the sweep on `on`. */
  async function overdueRequest(externalId: string, on: CoordinatorHarness = harness): Promise<string> {
    const { status, body } = await on.api<{ id: string; dueAt: string }>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'user_id', value: externalId }] },
      externalId,
    });
    expect(status).toBe(201);
    const by = Date.parse(body.dueAt) + DAY - harness.clock.now().getTime();
    if (by > 0) harness.clock.advance(by);
    await on.app.get(ReconciliationSweep).sweep();
    return body.id;
  }
  const deliveriesOf = async (requestId: string, on: CoordinatorHarness = harness) =>
    (await on.api<{ items: Delivery[] }>('GET', '/v1/escalation-deliveries?limit=200')).body.items.filter(
      (d) => d.requestId === requestId,
    );
  const acceptedFor = (requestId: string) => webhook.accepted.filter((a) => a.requestId === requestId);
  const waitForDelivered = (requestId: string, count: number) =>
    harness.waitFor(`${count} delivered escalation(s)`, async () => {
      const items = await deliveriesOf(requestId);
      return items.length === count && items.every((d) => d.status === 'delivered') ? items : undefined;
    });

  it('keeps retrying through an outage longer than the old retry budget, then delivers each escalation once', async () => {
    const id = await overdueRequest('outage-1');
    await harness.waitFor('attempts past the old budget', async () => {
      const items = await deliveriesOf(id);
      return items.length === 2 && items.every((d) => d.attempts > OLD_ATTEMPT_BUDGET) ? true : undefined;
    });
    const failing = await deliveriesOf(id);
    expect(failing.map((d) => d.status)).toEqual(['failing', 'failing']);
    expect(failing[0].lastError).toBe('HTTP 503');
    const metrics = (await harness.api('GET', '/metrics')).text;
    expect(metrics).toMatch(/lethe_escalation_deliveries_open\{status="failing"\} [1-9]/);
    expect(metrics).toMatch(/lethe_escalation_deliveries_total\{outcome="failed"\} [1-9]/);

    webhook.up = true;
    await waitForDelivered(id, 2);
    // a further round finds nothing owed: no escalation is sent a second time
    await expect(harness.app.get(EscalationDeliveryWorker).tick()).resolves.toBe(0);
    expect(
      acceptedFor(id)
        .map((a) => a.type)
        .sort(),
    ).toEqual(['lethe.request.at_risk', 'lethe.request.overdue']);
    const ledger = await harness.query<{ data: { kind: string } }>(
      `SELECT data FROM audit_events WHERE stream = $1 AND type = 'escalation.delivered'`,
      [`request:${id}`],
    );
    expect(ledger.map((e) => e.data.kind).sort()).toEqual(['at_risk', 'overdue']);
  });

  it("still delivers after the environment's Redis keys are wiped mid-way", async () => {
    const redis = new Redis(harness.config.redisUrl);
    try {
      const id = await overdueRequest('flush-1');
      await harness.waitFor('a failed attempt', async () =>
        (await deliveriesOf(id)).some((d) => d.attempts > 0) ? true : undefined,
      );
      const keys = await redis.keys(`${harness.config.topicPrefix}lethe*`);
      if (keys.length > 0) await redis.del(...keys);
      webhook.up = true;
      await waitForDelivered(id, 2);
      expect(acceptedFor(id)).toHaveLength(2);
    } finally {
      redis.disconnect();
    }
  });

  it('delivers an escalation whose coordinator died after the commit and before the POST', async () => {
    // a replica that records escalations but whose poller never gets to run before it is gone
    const doomed = primary.replica({ ...harnessEnv(), LETHE_ESCALATION_POLL_INTERVAL_MS: '60000' });
    await doomed.start();
    await harness.app.close();
    let id: string;
    try {
      id = await overdueRequest('crash-1', doomed);
      expect((await deliveriesOf(id, doomed)).map((d) => d.status)).toEqual(['pending', 'pending']);
    } finally {
      await doomed.stop();
    }
    webhook.up = true;
    // a coordinator coming back finds the owed deliveries in PostgreSQL
    harness = await primary.replica(harnessEnv()).start();
    await waitForDelivered(id, 2);
    expect(acceptedFor(id)).toHaveLength(2);
  });

  it('lets an operator stop a delivery, which is then never attempted, and retry it, which delivers it', async () => {
    const id = await overdueRequest('operator-1');
    const [first, other] = await harness.waitFor('the deliveries', async () => {
      const items = await deliveriesOf(id);
      return items.length === 2 ? items : undefined;
    });
    const stopped = await harness.api<Delivery>('POST', `/v1/escalation-deliveries/${first.id}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.status).toBe('stopped');
    // An attempt claimed before the stop may still be on its way: let it be refused before the webhook comes up.
    // Rounds never overlap and each waits for all its POSTs, so once the other delivery has been refused twice
    // since the stop, the second time in a round that began after it, nothing claimed before the stop is left.
    const refusedBefore = webhook.refused.length;
    await harness.waitFor('a round begun after the stop', async () =>
      webhook.refused.slice(refusedBefore).filter((deliveryId) => deliveryId === other.id).length >= 2
        ? true
        : undefined,
    );
    webhook.up = true;
    await harness.waitFor('the other delivery', async () => {
      const items = await deliveriesOf(id);
      return items.some((d) => d.id !== first.id && d.status === 'delivered') ? true : undefined;
    });
    // a further round finds nothing owed: the stopped one is not due
    await expect(harness.app.get(EscalationDeliveryWorker).tick()).resolves.toBe(0);
    expect(acceptedFor(id).some((a) => a.deliveryId === first.id)).toBe(false);

    const retried = await harness.api<Delivery>('POST', `/v1/escalation-deliveries/${first.id}/retry`);
    expect(retried.status).toBe(200);
    await waitForDelivered(id, 2);
    const again = await harness.api<{ code: string }>('POST', `/v1/escalation-deliveries/${first.id}/stop`);
    expect(again).toMatchObject({ status: 409, body: { code: 'ESCALATION_ALREADY_DELIVERED' } });
    const missing = await harness.api('POST', `/v1/escalation-deliveries/${crypto.randomUUID()}/retry`);
    expect(missing.status).toBe(404);
    const events = await harness.query<{ type: string; actor: string }>(
      `SELECT type, actor FROM audit_events WHERE stream = $1 AND type LIKE 'escalation.delivery_%' ORDER BY seq`,
      [`request:${id}`],
    );
    expect(events.map((e) => e.type)).toEqual(['escalation.delivery_stopped', 'escalation.delivery_retried']);
  });

  function harnessEnv(): Record<string, string> {
    return { ...ENV, LETHE_ESCALATION_WEBHOOK_URL: harness.config.escalationWebhookUrl ?? '' };
  }
});
