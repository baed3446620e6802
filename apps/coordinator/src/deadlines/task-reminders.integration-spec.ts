import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { CoordinatorHarness } from '../../test/support/coordinator-harness';
import { TaskReminderService } from './task-reminder.service';

const DAY = 86_400_000;

interface Posted {
  type: string;
  requestId: string;
  taskId?: string;
  service?: string;
  dueAt: string;
}

/** The escalation webhook: remembers every POST. */
class Webhook {
  readonly posted: Posted[] = [];
  private server!: Server;

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        this.posted.push(JSON.parse(body) as Posted);
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

describe('reminders of tasks waiting past their expected time (in-process coordinator, real servers)', () => {
  const webhook = new Webhook();
  let harness: CoordinatorHarness;

  beforeAll(async () => {
    const url = await webhook.listen();
    harness = await new CoordinatorHarness({
      LETHE_ESCALATION_WEBHOOK_URL: url,
      LETHE_ESCALATION_POLL_INTERVAL_MS: '50',
      LETHE_MANUAL_TASK_EXPECTED_MS: String(2 * DAY),
      LETHE_TASK_REMINDER_POLL_INTERVAL_MS: '50',
      // the clock is moved by days: keep the request's own deadline escalations out of the way
      LETHE_AT_RISK_LEAD_MS: '0',
    }).start();
    const manual = await harness.api('POST', '/v1/services', {
      name: 'paper-archive',
      identityTypes: ['email'],
      dataCategories: ['contracts'],
    });
    expect(manual.status).toBe(201);
  });
  afterAll(async () => {
    await harness.stop();
    await webhook.close();
  });

  async function dispatchedManualTask(email: string): Promise<{ requestId: string; taskId: string }> {
    const { status, body } = await harness.api<{ id: string }>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: { identities: [{ type: 'email', value: email }] },
    });
    expect(status).toBe(201);
    return harness.waitFor('the manual task to be dispatched', async () => {
      const [task] = await harness.query<{ id: string; status: string }>(
        `SELECT id, status FROM erasure_tasks WHERE request_id = $1 AND service = 'paper-archive'`,
        [body.id],
      );
      return task?.status === 'dispatched' ? { requestId: body.id, taskId: task.id } : undefined;
    });
  }

  const reminders = (requestId: string) =>
    harness.query<{ data: Record<string, unknown> }>(
      `SELECT data FROM audit_events WHERE stream = $1 AND type = 'task.reminder' ORDER BY seq`,
      [`request:${requestId}`],
    );

  /** One reminder round of our own, run to its end: whatever was owed by now has been reminded when it returns. */
  const remindRound = () => harness.app.get(TaskReminderService).tick();

  it('reminds once when a manual task is not confirmed within its expected time, through the webhook', async () => {
    const { requestId, taskId } = await dispatchedManualTask('slow-archive@example.org');
    await remindRound();
    expect(await reminders(requestId)).toHaveLength(0);

    harness.clock.advance(2 * DAY + 1000);
    const posted = await harness.waitFor('the reminder to reach the webhook', async () =>
      webhook.posted.find((p) => p.requestId === requestId),
    );
    const [dispatched] = await harness.query<{ dispatched_at: Date }>(
      `SELECT dispatched_at FROM erasure_tasks WHERE id = $1`,
      [taskId],
    );
    const expectedAt = new Date(dispatched.dispatched_at.getTime() + 2 * DAY).toISOString();
    expect(posted).toMatchObject({
      type: 'lethe.request.task_reminder',
      taskId,
      service: 'paper-archive',
      dueAt: expectedAt,
    });
    // ids and a service name only: the webhook never learns who the subject is
    expect(JSON.stringify(posted)).not.toContain('slow-archive');

    // the webhook has the reminder before the coordinator has its answer: wait for the delivery to be recorded
    const deliveries = await harness.waitFor('the reminder to be recorded delivered', async () => {
      const { body } = await harness.api<{
        items: { kind: string; requestId: string; service: string | null; status: string }[];
      }>('GET', '/v1/escalation-deliveries');
      const mine = body.items.filter((d) => d.requestId === requestId && d.kind === 'task_reminder');
      return mine.some((d) => d.status === 'delivered') ? body.items : undefined;
    });
    await remindRound();
    expect(await reminders(requestId)).toEqual([
      {
        data: { service: 'paper-archive', status: 'dispatched', registration: 'manual', expectedAt },
      },
    ]);
    expect(webhook.posted.filter((p) => p.requestId === requestId)).toHaveLength(1);
    expect(deliveries).toContainEqual(
      expect.objectContaining({ kind: 'task_reminder', service: 'paper-archive', status: 'delivered' }),
    );
    const audit = await harness.api<{ chainValid: boolean; events: { type: string }[] }>(
      'GET',
      `/v1/erasure-requests/${requestId}/audit`,
    );
    expect(audit.body.chainValid).toBe(true);
    expect(audit.body.events.map((e) => e.type)).toContain('escalation.delivered');
  });

  it('reminds a waiting task at its expected time, and again when the target moves it', async () => {
    const { requestId, taskId } = await dispatchedManualTask('waiting-vendor@example.org');
    // as a webhook or OpenDSR target leaves it: accepted, to be done by a time it named
    const first = new Date(harness.clock.now().getTime() + DAY);
    await harness.query(`UPDATE erasure_tasks SET status = 'waiting', expected_at = $2 WHERE id = $1`, [
      taskId,
      first,
    ]);
    await remindRound();
    expect(await reminders(requestId)).toHaveLength(0);

    harness.clock.advance(DAY + 1000);
    await harness.waitFor('the first reminder', async () =>
      (await reminders(requestId)).length === 1 ? true : undefined,
    );
    await remindRound();
    expect(await reminders(requestId)).toHaveLength(1);

    const moved = new Date(harness.clock.now().getTime() + 1000);
    await harness.query(`UPDATE erasure_tasks SET expected_at = $2 WHERE id = $1`, [taskId, moved]);
    harness.clock.advance(2000);
    const both = await harness.waitFor('the second reminder', async () => {
      const rows = await reminders(requestId);
      return rows.length === 2 ? rows : undefined;
    });
    expect(both.map((r) => [r.data.status, r.data.expectedAt])).toEqual([
      ['waiting', first.toISOString()],
      ['waiting', moved.toISOString()],
    ]);
    await harness.waitFor('both reminders delivered', async () =>
      webhook.posted.filter((p) => p.requestId === requestId).length === 2 ? true : undefined,
    );
  });

  it('does not remind a confirmed task', async () => {
    const { requestId } = await dispatchedManualTask('confirmed-in-time@example.org');
    const confirmed = await harness.api(
      'POST',
      `/v1/erasure-requests/${requestId}/tasks/paper-archive/confirm`,
      { outcome: 'deleted', recordsAffected: 1 },
    );
    expect(confirmed.status).toBe(200);
    harness.clock.advance(3 * DAY);
    await remindRound();
    expect(await reminders(requestId)).toHaveLength(0);
  });
});
