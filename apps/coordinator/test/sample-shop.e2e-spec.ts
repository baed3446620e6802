import { DEMO_CUSTOMERS, SeededCustomer, seedCustomer, ShopCustomer } from '../../../scripts/lib/sample-shop';
import { SAMPLE_SERVICES } from '../../../scripts/lib/stack';
import { E2eEnvironment } from './support/e2e-environment';

interface TaskBody {
  service: string;
  status: string;
  attempts: number;
  recordsAffected: number | null;
  retention: { basis: string; note?: string } | null;
  lastError: { code: string; message: string; retriable: boolean } | null;
}

interface RequestBody {
  id: string;
  status: string;
  progress: { total: number; done: number };
  tasks: TaskBody[];
}

interface OrderRow {
  order_number: string;
  total_cents: number;
  currency: string;
  placed_at: Date;
  user_id: string | null;
  email: string | null;
  customer_name: string | null;
  shipping_address: string | null;
  phone: string | null;
  anonymised_at: Date | null;
}

const [ADA, GRACE] = DEMO_CUSTOMERS;

/** A demo customer with an address of their own, so each test's people are apart. */
const customer = (template: ShopCustomer, tag: string): ShopCustomer => ({
  ...template,
  email: template.email.replace('@', `.${tag}@`),
});

describe('the sample shop: one erasure request across accounts, orders, cart and marketing', () => {
  const env = new E2eEnvironment();
  const url = (service: string) => env.stack.url(service);

  beforeAll(async () => {
    // retries within seconds, so a failing service's recovery fits in a test
    await env.start(SAMPLE_SERVICES, { LETHE_RETRY_BASE_DELAY_MS: '500', LETHE_RETRY_MAX_DELAY_MS: '2000' });
    await env.waitFor('every sample service to register', async () => {
      const { body } = await env.api<{ items: { name: string }[] }>('GET', '/v1/services');
      const names = body.items.map((s) => s.name);
      return SAMPLE_SERVICES.every((name) => names.includes(name)) ? true : undefined;
    });
  });

  afterAll(async () => {
    await env.stop();
  });

  async function submitErasure(person: ShopCustomer, seeded: SeededCustomer): Promise<string> {
    const submitted = await env.api<RequestBody>('POST', '/v1/erasure-requests', {
      regulation: 'gdpr',
      subject: {
        identities: [
          { type: 'email', value: person.email },
          { type: 'user_id', value: seeded.userId },
        ],
      },
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body.progress).toEqual({ total: 4, done: 0 });
    return submitted.body.id;
  }

  const getRequest = async (id: string) =>
    (await env.api<RequestBody>('GET', `/v1/erasure-requests/${id}`)).body;

  const waitUntilCompleted = (id: string, timeoutMs?: number) =>
    env.waitFor(
      `request ${id} to complete`,
      async () => {
        const request = await getRequest(id);
        return request.status === 'completed' ? request : undefined;
      },
      timeoutMs,
    );

  const task = (request: RequestBody, service: string) => request.tasks.find((t) => t.service === service)!;

  it('deletes the account, cart and subscription, and keeps the order anonymised under a legal basis', async () => {
    const ada = customer(ADA, 'shop');
    const grace = customer(GRACE, 'shop');
    const seededAda = await seedCustomer(url, ada);
    const seededGrace = await seedCustomer(url, grace);
    const [orderId] = seededAda.orderIds;
    const [orderBefore] = await env.query<OrderRow>('orders', 'SELECT * FROM orders WHERE id = $1', [
      orderId,
    ]);
    expect(orderBefore).toMatchObject({ email: ada.email, customer_name: ada.name, anonymised_at: null });
    await expect(env.cartKeys()).resolves.toEqual(
      expect.arrayContaining([`${env.cartKeyPrefix}:user:${seededAda.userId}`]),
    );

    const done = await waitUntilCompleted(await submitErasure(ada, seededAda));

    expect(done.progress).toEqual({ total: 4, done: 4 });
    expect(done.tasks).toEqual([
      expect.objectContaining({ service: 'accounts', status: 'deleted', recordsAffected: 2 }),
      expect.objectContaining({ service: 'cart', status: 'deleted', recordsAffected: 2 }),
      expect.objectContaining({ service: 'marketing', status: 'deleted', recordsAffected: 1 }),
      expect.objectContaining({
        service: 'orders',
        status: 'retained',
        recordsAffected: 1,
        retention: {
          basis: 'gdpr-art17-3b-legal-obligation',
          note: expect.stringContaining('HGB §257 / AO §147'),
        },
      }),
    ]);

    // accounts: the rows are gone (the profile with its user)
    await expect(
      env.query('accounts', 'SELECT id FROM users WHERE id = $1', [seededAda.userId]),
    ).resolves.toEqual([]);
    await expect(
      env.query('accounts', 'SELECT user_id FROM profiles WHERE user_id = $1', [seededAda.userId]),
    ).resolves.toEqual([]);
    // orders: the same order, amounts and dates kept, every personal field gone
    await expect(
      env.query<OrderRow>('orders', 'SELECT * FROM orders WHERE id = $1', [orderId]),
    ).resolves.toEqual([
      {
        ...orderBefore,
        user_id: null,
        email: null,
        customer_name: null,
        shipping_address: null,
        phone: null,
        anonymised_at: expect.any(Date),
      },
    ]);
    // cart: neither the cart nor the email index entry is left in Redis
    await expect(env.cartKeys()).resolves.toEqual(
      [`${env.cartKeyPrefix}:email:${grace.email}`, `${env.cartKeyPrefix}:user:${seededGrace.userId}`].sort(),
    );
    // marketing: the subscription is gone
    await expect(
      env.query('marketing', 'SELECT id FROM subscriptions WHERE email = $1', [ada.email]),
    ).resolves.toEqual([]);

    // the bystander keeps everything
    await expect(
      env.query('accounts', 'SELECT id FROM users WHERE id = $1', [seededGrace.userId]),
    ).resolves.toHaveLength(1);
    await expect(
      env.query('orders', 'SELECT id FROM orders WHERE email = $1 AND anonymised_at IS NULL', [grace.email]),
    ).resolves.toHaveLength(1);
    await expect(
      env.query('marketing', 'SELECT id FROM subscriptions WHERE email = $1', [grace.email]),
    ).resolves.toHaveLength(1);

    const ledger = await env.query<{ data: unknown }>('coordinator', 'SELECT data FROM audit_events');
    expect(JSON.stringify(ledger)).not.toContain(ada.email);
  });

  it('completes although marketing fails the next two commands, each a new attempt after local retries', async () => {
    const ada = customer(ADA, 'retry');
    const seeded = await seedCustomer(url, ada);
    const told = await env.serviceApi('marketing', 'POST', '/admin/failures', { count: 2, retriable: true });
    expect(told).toEqual({ status: 200, body: { failNext: 2, retriable: true, latencyMs: 0 } });

    const id = await submitErasure(ada, seeded);
    // the failure stays on the task while the coordinator waits to retry (≥ 250 ms here); this polls every 200 ms
    const failing = await env.waitFor('marketing to report its failure', async () => {
      const marketing = task(await getRequest(id), 'marketing');
      return marketing.lastError ? marketing : undefined;
    });
    expect(failing.lastError).toEqual({
      code: 'INJECTED_FAILURE',
      message: expect.stringContaining('told to fail'),
      retriable: true,
    });

    const done = await waitUntilCompleted(id, 120_000);
    expect(task(done, 'marketing')).toMatchObject({
      status: 'deleted',
      attempts: 3,
      recordsAffected: 1,
      lastError: null,
    });
    for (const service of ['accounts', 'cart', 'orders']) expect(task(done, service).attempts).toBe(1);
    // the ledger keeps every attempt's result
    const results = await env.query<{ data: { attempt: number; outcome: string; error: unknown } }>(
      'coordinator',
      `SELECT data FROM audit_events
        WHERE stream = $1 AND type = 'task.result' AND data->>'service' = 'marketing'
        ORDER BY seq`,
      [`request:${id}`],
    );
    expect(results.map((row) => row.data)).toEqual([
      expect.objectContaining({
        attempt: 1,
        outcome: 'failed',
        error: { code: 'INJECTED_FAILURE', retriable: true },
      }),
      expect.objectContaining({
        attempt: 2,
        outcome: 'failed',
        error: { code: 'INJECTED_FAILURE', retriable: true },
      }),
      expect.objectContaining({ attempt: 3, outcome: 'deleted', error: null }),
    ]);
    await expect(
      env.query('marketing', 'SELECT id FROM subscriptions WHERE email = $1', [ada.email]),
    ).resolves.toEqual([]);
  });

  it('keeps the cart’s command in Kafka while the cart service is down, and completes once it is back', async () => {
    const ada = customer(ADA, 'offline');
    const seeded = await seedCustomer(url, ada);
    const cartKey = `${env.cartKeyPrefix}:user:${seeded.userId}`;
    await env.stack.stopApp('cart');

    const id = await submitErasure(ada, seeded);
    const waiting = await env.waitFor('every service but the cart to finish', async () => {
      const request = await getRequest(id);
      return request.progress.done === 3 ? request : undefined;
    });
    expect(waiting.status).toBe('in_progress');
    expect(task(waiting, 'cart').status).toBe('dispatched');
    await expect(env.cartKeys(`user:${seeded.userId}`)).resolves.toEqual([cartKey]);

    await env.stack.startApp('cart');
    const done = await waitUntilCompleted(id);
    // the very command that waited, not a re-dispatch
    expect(task(done, 'cart')).toMatchObject({ status: 'deleted', attempts: 1, recordsAffected: 2 });
    await expect(env.cartKeys(`user:${seeded.userId}`)).resolves.toEqual([]);
    await expect(env.cartKeys(`email:${ada.email}`)).resolves.toEqual([]);
  });
});
