import { createServer, Server } from 'node:http';
import { freePort } from '../../../../scripts/lib/stack';
import type {
  EscalationDeliveryListResponse,
  EscalationDeliveryResponse,
} from '../../src/deadlines/dto/escalation-delivery.response';
import { E2eEnvironment } from '../support/e2e-environment';
import { seedBatch, submissionSummary, submitBatch } from './support/chaos-batch';
import { report, sleep, startChaosEnvironment } from './support/chaos-environment';
import { assertChaosInvariants } from './support/invariants';

/** BullMQ gave the old webhook job 8 attempts; the PostgreSQL outbox that replaced it has no budget. */
const OLD_ATTEMPT_BUDGET = 8;
/** Longer than a GDPR month: every request is at risk from the moment it arrives. */
const AT_RISK_LEAD_MS = 60 * 86_400_000;

/** The escalation receiver: nothing listens on its port until it comes up; then it keeps what it is sent. */
class EscalationReceiver {
  readonly received: { deliveryId: string; requestId: string; type: string }[] = [];
  private server?: Server;

  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/escalations`;
  }

  async up(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        this.received.push(JSON.parse(body) as EscalationReceiver['received'][number]);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async down(): Promise<void> {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}

/**
 * Issue 12, item 5: every request is at risk from the moment it arrives (the at-risk lead is longer than the GDPR
 * month), so each is escalated while the shop erases it; the webhook receiver is down (connection refused) until
 * every escalation was tried more often than the old retry budget allowed, then comes up. Each escalation the
 * ledger records is delivered exactly once.
 */
describe('chaos: the escalation webhook down for longer than the old retry budget, then back', () => {
  const env = new E2eEnvironment();
  let receiver: EscalationReceiver;

  beforeAll(async () => {
    receiver = new EscalationReceiver(await freePort());
    await startChaosEnvironment(env, {
      LETHE_ESCALATION_WEBHOOK_URL: receiver.url,
      LETHE_AT_RISK_LEAD_MS: String(AT_RISK_LEAD_MS),
      LETHE_ESCALATION_POLL_INTERVAL_MS: '100',
      LETHE_ESCALATION_RETRY_BASE_DELAY_MS: '100',
      LETHE_ESCALATION_RETRY_MAX_DELAY_MS: '500',
    });
  });
  afterAll(async () => {
    await env.stop();
    await receiver.down();
  });

  const deliveriesOf = async (requestIds: Set<string>) =>
    (
      await env.api<EscalationDeliveryListResponse>('GET', '/v1/escalation-deliveries?limit=200')
    ).body.items.filter((d: EscalationDeliveryResponse) => requestIds.has(d.requestId));

  it('delivers every escalation the ledger recorded, once each, when the receiver is back', async () => {
    const subjects = await seedBatch(env, 'escalation');
    // marketing answers 1 s late, so every request is still open when its at-risk escalation fires
    await env.serviceApi('marketing', 'POST', '/admin/latency', { ms: 1000 });
    await submitBatch(env, subjects);
    const ids = new Set(subjects.map((s) => s.requestId!));
    const recorded = async () =>
      (
        await env.query<{ stream: string; type: string }>(
          'coordinator',
          `SELECT stream, type FROM audit_events WHERE stream = ANY($1) AND type = 'request.at_risk'`,
          [[...ids].map((id) => `request:${id}`)],
        )
      ).map((e) => `${e.stream.slice('request:'.length)} lethe.${e.type}`);

    const failing = await env.waitFor(
      'every escalation tried past the old budget',
      async () => {
        const owed = await deliveriesOf(ids);
        const expected = (await recorded()).length;
        return owed.length === expected && expected > 0 && owed.every((d) => d.attempts > OLD_ATTEMPT_BUDGET)
          ? owed
          : undefined;
      },
      120_000,
    );
    expect(failing.map((d) => d.status)).toEqual(failing.map(() => 'failing'));
    const metrics = await fetch(`${env.stack.url('coordinator')}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/lethe_escalation_deliveries_open\{status="failing"\} [1-9]/);

    await receiver.up();
    await assertChaosInvariants(env, subjects);
    await env.waitFor('every escalation delivered', async () =>
      (await deliveriesOf(ids)).every((d) => d.status === 'delivered') ? true : undefined,
    );
    // a late duplicate would arrive within a few poll intervals
    await sleep(1000);
    const escalations = await recorded();
    expect(receiver.received.map((r) => `${r.requestId} ${r.type}`).sort()).toEqual(escalations.sort());
    expect(new Set(receiver.received.map((r) => r.deliveryId)).size).toBe(receiver.received.length);
    report('escalation webhook outage', {
      ...submissionSummary(subjects),
      escalations: escalations.length,
      attemptsDuringOutage: Math.min(...failing.map((d) => d.attempts)),
    });
  });
});
