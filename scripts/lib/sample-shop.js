'use strict';
// The demo's customers in the sample shop: puts each one's data into every sample service through the services' own
// APIs, and describes what each store holds about them, so the demo can show it before and after an erasure.

const DEMO_CUSTOMERS = [
  {
    email: 'ada@example.org',
    name: 'Ada Lovelace',
    phone: '+442071838750',
    bio: 'Analyst of engines',
    address: '12 St James’s Square, London SW1Y 4JH',
    order: { totalCents: 4_250, currency: 'GBP' },
    cart: [{ sku: 'difference-engine', quantity: 1 }],
    topics: ['new-engines', 'poetry'],
  },
  {
    email: 'grace@example.org',
    name: 'Grace Hopper',
    phone: '+12025550143',
    bio: 'Compiler pioneer',
    address: '1 Navy Yard, Washington DC 20374',
    order: { totalCents: 9_900, currency: 'USD' },
    cart: [{ sku: 'cobol-manual', quantity: 2 }],
    topics: ['compilers'],
  },
];

async function call(baseUrl, method, route, body) {
  const response = await fetch(baseUrl + route, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

function expectStatus(what, response, ...ok) {
  if (!ok.includes(response.status)) {
    throw new Error(`${what}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response;
}

const query = (email) => `?email=${encodeURIComponent(email)}`;

/**
 * Makes sure the customer has an account, an order, a cart and a newsletter subscription; what an earlier run left
 * is reused. Returns what the walkthrough needs to find the data again: the account id and the order ids.
 */
async function seedCustomer(url, customer) {
  const created = expectStatus(
    `creating the account of ${customer.email}`,
    await call(url('accounts'), 'POST', '/users', {
      email: customer.email,
      name: customer.name,
      phone: customer.phone,
      bio: customer.bio,
    }),
    201,
    409,
  );
  const existing = await call(url('accounts'), 'GET', `/users${query(customer.email)}`);
  const userId = created.status === 201 ? created.body.id : existing.body.items[0].id;

  let orders = (await call(url('orders'), 'GET', `/orders${query(customer.email)}`)).body.items;
  if (orders.length === 0) {
    const order = expectStatus(
      `placing an order for ${customer.email}`,
      await call(url('orders'), 'POST', '/orders', {
        email: customer.email,
        userId,
        customerName: customer.name,
        shippingAddress: customer.address,
        phone: customer.phone,
        ...customer.order,
      }),
      201,
    );
    orders = [order.body];
  }

  const cart = (await call(url('cart'), 'GET', `/carts${query(customer.email)}`)).body.items[0];
  if (!cart || cart.userId !== userId) {
    for (const item of customer.cart) {
      expectStatus(
        `filling the cart of ${customer.email}`,
        await call(url('cart'), 'POST', `/carts/${userId}/items`, { email: customer.email, ...item }),
        201,
      );
    }
  }

  expectStatus(
    `subscribing ${customer.email}`,
    await call(url('marketing'), 'POST', '/subscriptions', {
      email: customer.email,
      topics: customer.topics,
    }),
    201,
    409,
  );
  return { userId, orderIds: orders.map((order) => order.id) };
}

const money = (cents, currency) => `${(cents / 100).toFixed(2)} ${currency}`;

/** One line per store: what it holds about the customer right now. */
async function describeCustomer(url, customer, seeded) {
  const users = (await call(url('accounts'), 'GET', `/users${query(customer.email)}`)).body.items;
  const orders = await Promise.all(
    seeded.orderIds.map(async (id) => (await call(url('orders'), 'GET', `/orders/${id}`)).body),
  );
  const cart = await call(url('cart'), 'GET', `/carts/${seeded.userId}`);
  const subscriptions = (await call(url('marketing'), 'GET', `/subscriptions${query(customer.email)}`)).body
    .items;

  const lines = [];
  lines.push(
    `accounts   ${users.length === 0 ? 'no account' : users.map((u) => `account ${u.id} (${u.name}, ${u.email})`).join('; ')}`,
  );
  for (const order of orders) {
    const personal = ['customerName', 'email', 'userId', 'shippingAddress', 'phone'];
    const who = order.anonymisedAt
      ? `kept, anonymised at ${order.anonymisedAt}: ${personal.map((field) => `${field} ${order[field]}`).join(', ')}`
      : `${order.customerName}, ${order.email}, ${order.shippingAddress}`;
    lines.push(`orders     ${order.orderNumber} · ${money(order.totalCents, order.currency)} · ${who}`);
  }
  lines.push(
    `cart       ${cart.status === 404 ? 'no cart' : cart.body.items.map((i) => `${i.sku} ×${i.quantity}`).join(', ')}`,
  );
  lines.push(
    `marketing  ${subscriptions.length === 0 ? 'no subscription' : subscriptions.map((s) => `subscribed to ${s.topics.join(', ')} since ${s.consentedAt}`).join('; ')}`,
  );
  return lines;
}

/**
 * The shop's vendors outside the estate hold the customer too: a contact at the CRM vendor (a webhook target) and a
 * newsletter subscription at the newsletter vendor, whose own Lethe Lethe reaches over OpenDSR. `vendors`: the base
 * URLs of the CRM vendor and of the newsletter vendor's marketing store.
 */
async function seedAtVendors(vendors, customer) {
  expectStatus(
    `adding ${customer.email} to the CRM vendor`,
    await call(vendors.crm, 'POST', '/contacts', { email: customer.email, name: customer.name }),
    200,
    201,
  );
  expectStatus(
    `subscribing ${customer.email} at the newsletter vendor`,
    await call(vendors.newsletter, 'POST', '/subscriptions', { email: customer.email, topics: ['digest'] }),
    201,
    409,
  );
}

/** One line per vendor: what it holds about the customer right now. */
async function describeAtVendors(vendors, customer) {
  const contacts = (await call(vendors.crm, 'GET', `/contacts${query(customer.email)}`)).body.items;
  const subscriptions = (await call(vendors.newsletter, 'GET', `/subscriptions${query(customer.email)}`)).body
    .items;
  return [
    `crm-vendor         ${contacts.length === 0 ? 'no contact' : contacts.map((c) => `contact ${c.name} (${c.email})`).join('; ')}`,
    `newsletter-vendor  ${subscriptions.length === 0 ? 'no subscription' : subscriptions.map((s) => `subscribed to ${s.topics.join(', ')}`).join('; ')}`,
  ];
}

module.exports = { DEMO_CUSTOMERS, seedCustomer, describeCustomer, seedAtVendors, describeAtVendors };
