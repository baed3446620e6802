import { E2eEnvironment } from '../../support/e2e-environment';
import { ChaosSubject } from './chaos-batch';

/** How long a batch may take to settle after its fault (LETHE_CHAOS_SETTLE_MS). */
export const SETTLE_MS = Number(process.env.LETHE_CHAOS_SETTLE_MS ?? 150_000);

const DONE_OUTCOMES = ['deleted', 'not_found', 'retained'];
const TERMINAL = ['completed', 'cancelled'];

interface RequestBody {
  id: string;
  status: string;
  tasks: { service: string; status: string }[];
}

/** Waits until every request of the batch is terminal; returns them. Bounded: a stalled request fails here. */
export async function waitUntilSettled(
  env: E2eEnvironment,
  subjects: ChaosSubject[],
  timeoutMs = SETTLE_MS,
  coordinator = 'coordinator',
): Promise<RequestBody[]> {
  const deadline = Date.now() + timeoutMs;
  const settled = new Map<string, RequestBody>();
  for (;;) {
    for (const subject of subjects) {
      if (!subject.requestId || settled.has(subject.requestId)) continue;
      const response = await fetch(`${env.stack.url(coordinator)}/v1/erasure-requests/${subject.requestId}`, {
        headers: { authorization: `Bearer ${env.adminApiKey}` },
        signal: AbortSignal.timeout(10_000),
      }).catch(() => undefined);
      if (!response?.ok) continue;
      const body = (await response.json()) as RequestBody;
      if (TERMINAL.includes(body.status)) settled.set(body.id, body);
    }
    if (settled.size === subjects.length) return [...settled.values()];
    if (Date.now() > deadline) {
      const open = subjects.filter((s) => !s.requestId || !settled.has(s.requestId)).map((s) => s.requestId);
      throw new Error(
        `${open.length} of ${subjects.length} requests not terminal after ${timeoutMs} ms: ${open.join(', ')}\n` +
          env.recentLogs(),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * The invariants every chaos scenario must leave true, whatever its fault:
 * 1. every submission was resolved to a definite answer, and each externalId is exactly one request;
 * 2. every accepted request is terminal (completed here: no scenario cancels) within a bounded wait;
 * 3. every task applied exactly one outcome: one done `task.result` per task, one `request.completed` per request;
 * 4. no outbox row is stranded (every row sent, or refused — the relay marks refused rows sent too);
 * 5. the whole audit ledger verifies;
 * 6. no store of the shop holds data of an erased subject.
 */
export async function assertChaosInvariants(env: E2eEnvironment, subjects: ChaosSubject[]): Promise<void> {
  // 1
  for (const subject of subjects) {
    expect({ externalId: subject.externalId, last: subject.submissions.at(-1) }).toEqual({
      externalId: subject.externalId,
      last: 'ok',
    });
  }
  const perExternalId = await env.query<{ external_id: string; n: number }>(
    'coordinator',
    `SELECT external_id, count(*)::int AS n FROM erasure_requests WHERE external_id = ANY($1) GROUP BY 1`,
    [subjects.map((s) => s.externalId)],
  );
  expect(perExternalId).toHaveLength(subjects.length);
  expect(perExternalId.filter((row) => row.n !== 1)).toEqual([]);

  // 2
  const requests = await waitUntilSettled(env, subjects);
  expect(requests.filter((r) => r.status !== 'completed').map((r) => [r.id, r.status])).toEqual([]);

  // 3
  const ids = requests.map((r) => r.id);
  const outcomes = await env.query<{ stream: string; service: string; n: number }>(
    'coordinator',
    `SELECT stream, data->>'service' AS service, count(*)::int AS n FROM audit_events
      WHERE type = 'task.result' AND data->>'outcome' = ANY($2) AND stream = ANY($1)
      GROUP BY 1, 2`,
    [ids.map((id) => `request:${id}`), DONE_OUTCOMES],
  );
  const expectedTasks = requests.reduce((sum, r) => sum + r.tasks.length, 0);
  expect(outcomes.filter((row) => row.n !== 1)).toEqual([]);
  expect(outcomes).toHaveLength(expectedTasks);
  const completions = await env.query<{ stream: string; n: number }>(
    'coordinator',
    `SELECT stream, count(*)::int AS n FROM audit_events
      WHERE type = 'request.completed' AND stream = ANY($1) GROUP BY 1`,
    [ids.map((id) => `request:${id}`)],
  );
  expect(completions.filter((row) => row.n !== 1)).toEqual([]);
  expect(completions).toHaveLength(ids.length);

  // 4: the relay may still be on its last pass just after the requests settled
  await env.waitFor('the outbox to drain', async () => {
    const [row] = await env.query<{ n: number }>(
      'coordinator',
      'SELECT count(*)::int AS n FROM outbox_messages WHERE sent_at IS NULL',
    );
    return row.n === 0 ? true : undefined;
  });

  // 5
  const verified = await env.api<{ valid: boolean; breaks?: unknown }>('GET', '/v1/audit/verify');
  expect(verified.status).toBe(200);
  expect(verified.body).toMatchObject({ valid: true });

  // 6
  for (const { customer, seeded } of subjects) {
    const where = { email: customer.email, userId: seeded.userId };
    expect({
      ...where,
      users: await env.query('accounts', 'SELECT id FROM users WHERE id = $1 OR email = $2', [
        seeded.userId,
        customer.email,
      ]),
      profiles: await env.query('accounts', 'SELECT user_id FROM profiles WHERE user_id = $1', [
        seeded.userId,
      ]),
      orders: await env.query('orders', 'SELECT id FROM orders WHERE email = $1 OR user_id = $2', [
        customer.email,
        seeded.userId,
      ]),
      subscriptions: await env.query('marketing', 'SELECT id FROM subscriptions WHERE email = $1', [
        customer.email,
      ]),
      cart: [
        ...(await env.cartKeys(`user:${seeded.userId}`)),
        ...(await env.cartKeys(`email:${customer.email}`)),
      ],
    }).toEqual({ ...where, users: [], profiles: [], orders: [], subscriptions: [], cart: [] });
  }
}
