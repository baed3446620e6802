#!/usr/bin/env node
'use strict';
// `npm run demo`: brings the whole system up on this machine (Kafka if none is running, the databases, the
// coordinator and the sample services), and two data holders outside the estate: a CRM vendor reached by webhook
// and a newsletter vendor running its own Lethe, reached over OpenDSR. It shows one erasure request completing
// across all of them, and keeps running until Ctrl-C, then stops everything it started. `npm run demo -- --once`
// stops right after the walkthrough.

const fs = require('node:fs');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { ensureKafka, stopKafka } = require('./lib/kafka-broker');
const { ensureDatabase, isPostgresReachable, redact } = require('./lib/postgres');
const { isRedisReachable } = require('./lib/redis');
const {
  DEMO_CUSTOMERS,
  describeAtVendors,
  describeCustomer,
  seedAtVendors,
  seedCustomer,
} = require('./lib/sample-shop');
const { startStack, DATABASE_APPS, SAMPLE_SERVICES } = require('./lib/stack');

const ROOT = path.resolve(__dirname, '..');
const STATE_FILE = path.join(ROOT, '.lethe', 'demo.env');
const once = process.argv.includes('--once');
const say = (line = '') => process.stdout.write(`${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Generated secrets are kept, so data written by an earlier demo run stays readable by the next one. */
function demoSecrets() {
  const saved = fs.existsSync(STATE_FILE)
    ? Object.fromEntries(
        fs
          .readFileSync(STATE_FILE, 'utf8')
          .split('\n')
          .filter((line) => line.includes('='))
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      )
    : {};
  const secrets = {
    LETHE_ADMIN_API_KEY:
      process.env.LETHE_ADMIN_API_KEY ||
      saved.LETHE_ADMIN_API_KEY ||
      `lethe_${randomBytes(24).toString('hex')}`,
    LETHE_SECRET_KEY:
      process.env.LETHE_SECRET_KEY || saved.LETHE_SECRET_KEY || randomBytes(32).toString('hex'),
    // the newsletter vendor's own Lethe, and the secret the CRM vendor shares with the shop's
    VENDOR_ADMIN_API_KEY: saved.VENDOR_ADMIN_API_KEY || `lethe_${randomBytes(24).toString('hex')}`,
    VENDOR_SECRET_KEY: saved.VENDOR_SECRET_KEY || randomBytes(32).toString('hex'),
    WEBHOOK_VENDOR_SECRET: saved.WEBHOOK_VENDOR_SECRET || `whsec_${randomBytes(24).toString('hex')}`,
  };
  fs.mkdirSync(path.dirname(STATE_FILE), { recursive: true });
  fs.writeFileSync(
    STATE_FILE,
    Object.entries(secrets)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
    { mode: 0o600 },
  );
  return { ...secrets, generatedAdminKey: !process.env.LETHE_ADMIN_API_KEY };
}

/**
 * The OpenDSR signing key and a self-signed certificate for it, made once with the openssl CLI and kept in .lethe/.
 * (Production uses a CA-issued certificate for the processor domain, see docs/opendsr.md.) Without openssl the demo
 * runs with the OpenDSR routes off.
 */
function demoOpenDsrEnv(name = 'opendsr') {
  const keyFile = path.join(ROOT, '.lethe', `${name}-key.pem`);
  const certificateFile = path.join(ROOT, '.lethe', `${name}-cert.pem`);
  if (!fs.existsSync(keyFile) || !fs.existsSync(certificateFile)) {
    try {
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certificateFile].concat(
          ['-days', '365', '-subj', '/CN=localhost'],
        ),
        { stdio: 'ignore' },
      );
      fs.chmodSync(keyFile, 0o600);
    } catch {
      say('   (openssl not found: the OpenDSR endpoints stay off in this demo)');
      return {};
    }
  }
  return {
    LETHE_OPENDSR_PRIVATE_KEY_FILE: keyFile,
    LETHE_OPENDSR_CERTIFICATE_FILE: certificateFile,
    LETHE_OPENDSR_PROCESSOR_DOMAIN: process.env.LETHE_OPENDSR_PROCESSOR_DOMAIN || 'localhost',
    // the demo's controller is a local process, so its loopback callbacks are allowed explicitly
    LETHE_OPENDSR_CALLBACK_ALLOWLIST: process.env.LETHE_OPENDSR_CALLBACK_ALLOWLIST || '127.0.0.1,localhost',
  };
}

async function api(baseUrl, key, method, route, body) {
  const response = await fetch(baseUrl + route, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function waitFor(what, probe, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** What the walkthrough prints of a finished task: its outcome and, for a retained one, the legal basis. */
function describeTask(task) {
  const records = task.recordsAffected === null ? '' : ` (${task.recordsAffected} record(s))`;
  const retention = task.retention
    ? `\n                 basis: ${task.retention.basis}${task.retention.note ? `\n                 note:  ${task.retention.note}` : ''}`
    : '';
  return `${task.service.padEnd(17)} ${task.status}${records}, attempt ${task.attempts}${retention}`;
}

async function waitForServices(coordinator, adminKey, services) {
  await waitFor('service registration', async () => {
    const { body } = await api(coordinator, adminKey, 'GET', '/v1/services');
    const names = (body?.items ?? []).map((s) => s.name);
    return services.every((name) => names.includes(name));
  });
}

/**
 * Registers `target` afresh (a run before may have registered it with another key): an existing registration is
 * retired first, which keeps its history.
 */
async function registerTarget(coordinator, adminKey, target) {
  const { body } = await api(coordinator, adminKey, 'GET', '/v1/targets');
  if ((body?.items ?? []).some((known) => known.name === target.name)) {
    await api(coordinator, adminKey, 'DELETE', `/v1/services/${target.name}`);
  }
  const registered = await api(coordinator, adminKey, 'POST', '/v1/targets', target);
  if (registered.status !== 201) {
    throw new Error(
      `registering ${target.name} failed: HTTP ${registered.status} ${JSON.stringify(registered.body)}`,
    );
  }
  say(`   ${target.name.padEnd(17)} ${target.kind.padEnd(8)} ${target.url}`);
}

/** The two vendors become targets of the shop's Lethe: the CRM by webhook, the newsletter vendor over OpenDSR. */
async function connectVendors(stack, vendorStack, secrets) {
  const vendorLethe = vendorStack.url('coordinator');
  await waitForServices(vendorLethe, secrets.VENDOR_ADMIN_API_KEY, ['marketing']);
  // the newsletter vendor issues the shop a key for its OpenDSR endpoint, as a processor does for a controller;
  // the key of an earlier run is revoked (names stay taken, so each run's key has its own)
  const vendorKey = secrets.VENDOR_ADMIN_API_KEY;
  const { body: keys } = await api(vendorLethe, vendorKey, 'GET', '/v1/api-keys');
  for (const key of (keys?.items ?? []).filter((known) => known.name.startsWith('sample-shop'))) {
    await api(vendorLethe, vendorKey, 'DELETE', `/v1/api-keys/${key.id}`);
  }
  const issued = await api(vendorLethe, vendorKey, 'POST', '/v1/api-keys', {
    name: `sample-shop-${Date.now().toString(36)}`,
    role: 'opendsr',
  });
  if (issued.status !== 201) throw new Error(`the vendor's OpenDSR key: HTTP ${issued.status}`);
  say('── registering the data holders outside the estate as targets (docs/targets.md)');
  const coordinator = stack.url('coordinator');
  await registerTarget(coordinator, secrets.LETHE_ADMIN_API_KEY, {
    name: 'crm-vendor',
    kind: 'webhook',
    url: `${stack.url('webhook-vendor')}/erasures`,
    identityTypes: ['email'],
    secret: secrets.WEBHOOK_VENDOR_SECRET,
    expectedCompletionMs: 60_000,
  });
  await registerTarget(coordinator, secrets.LETHE_ADMIN_API_KEY, {
    name: 'newsletter-vendor',
    kind: 'opendsr',
    url: `${vendorLethe}/opendsr/v2`,
    identityTypes: ['email'],
    secret: issued.body.key,
  });
}

async function walkthrough(stack, vendorStack, secrets) {
  const adminKey = secrets.LETHE_ADMIN_API_KEY;
  const coordinator = stack.url('coordinator');
  const vendors = { crm: stack.url('webhook-vendor'), newsletter: vendorStack.url('marketing') };
  say('\n── waiting for the sample services to register with the coordinator');
  await waitForServices(coordinator, adminKey, SAMPLE_SERVICES);
  say(`   registered: ${SAMPLE_SERVICES.join(', ')}`);
  await connectVendors(stack, vendorStack, secrets);

  say(
    '── seeding demo customers: an account, an order, a cart and a subscription each, and a contact at each vendor',
  );
  const seeded = {};
  for (const customer of DEMO_CUSTOMERS) {
    seeded[customer.email] = await seedCustomer(stack.url, customer);
    await seedAtVendors(vendors, customer);
    say(`   ${customer.email}: account ${seeded[customer.email].userId}, a CRM contact, a vendor newsletter`);
  }
  const describe = async (customer) => [
    ...(await describeCustomer(stack.url, customer, seeded[customer.email])),
    ...(await describeAtVendors(vendors, customer)),
  ];
  const [ada] = DEMO_CUSTOMERS;
  say(`── what the shop and its vendors hold about ${ada.email}`);
  for (const line of await describe(ada)) say(`   ${line}`);

  say(`── submitting an erasure request for ${ada.email} and her account id (GDPR)`);
  const created = await api(coordinator, adminKey, 'POST', '/v1/erasure-requests', {
    regulation: 'gdpr',
    subject: {
      identities: [
        { type: 'email', value: ada.email },
        { type: 'user_id', value: seeded[ada.email].userId },
      ],
    },
    externalId: `demo-${Date.now()}`,
  });
  if (created.status !== 201)
    throw new Error(`submitting failed: HTTP ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id;
  say(`   request ${id}, due ${created.body.dueAt}`);

  let lastLine = '';
  const done = await waitFor('the request to complete', async () => {
    const { body } = await api(coordinator, adminKey, 'GET', `/v1/erasure-requests/${id}`);
    const line = `   ${body.status} ${body.progress.done}/${body.progress.total} · ${body.tasks.map((t) => `${t.service}: ${t.status}`).join(', ')}`;
    if (line !== lastLine) say((lastLine = line));
    return ['completed', 'needs_attention', 'cancelled'].includes(body.status) ? body : undefined;
  });
  say(`── request ${done.status}; what each service and vendor reported`);
  for (const task of done.tasks) say(`   ${describeTask(task)}`);
  const vendorRequests = await api(
    vendorStack.url('coordinator'),
    secrets.VENDOR_ADMIN_API_KEY,
    'GET',
    '/v1/erasure-requests?limit=1',
  );
  const [passedOn] = vendorRequests.body?.items ?? [];
  if (passedOn) {
    say(`   the newsletter vendor's own Lethe: request ${passedOn.externalId} ${passedOn.status}`);
  }
  say(`── what the shop and its vendors hold about ${ada.email} now`);
  for (const line of await describe(ada)) say(`   ${line}`);
  const grace = DEMO_CUSTOMERS[1];
  say(`── and about ${grace.email}, who asked for nothing`);
  for (const line of await describe(grace)) say(`   ${line}`);
  return { id, done };
}

async function main() {
  const pgUrl = process.env.LETHE_DEMO_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (!(await isPostgresReachable(pgUrl))) {
    throw new Error(`PostgreSQL does not answer at ${redact(pgUrl)}; start it (see README "Requirements")`);
  }
  if (!(await isRedisReachable(redisUrl)))
    throw new Error(`Redis does not answer at ${redisUrl}; start it first`);

  const kafka = await ensureKafka({ log: (line) => say(`[kafka] ${line}`) });
  const secrets = demoSecrets();
  const databaseUrls = {};
  for (const app of DATABASE_APPS) {
    const url = new URL(pgUrl);
    url.pathname = app === 'coordinator' ? '/lethe' : `/lethe_${app}`;
    databaseUrls[app] = url.toString();
    await ensureDatabase(databaseUrls[app]);
  }
  const vendorDatabaseUrls = {};
  for (const app of ['coordinator', 'marketing']) {
    const url = new URL(pgUrl);
    url.pathname = app === 'coordinator' ? '/lethe_vendor' : `/lethe_vendor_${app}`;
    vendorDatabaseUrls[app] = url.toString();
    await ensureDatabase(vendorDatabaseUrls[app]);
  }

  let stack;
  let vendorStack;
  let stopping = false;
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    say('\n── stopping Lethe');
    if (stack) await stack.stop();
    if (vendorStack) await vendorStack.stop();
    if (kafka.startedByUs) await stopKafka({ log: (line) => say(`[kafka] ${line}`) });
    say('── everything the demo started has stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    stack = await startStack({
      kafkaBrokers: kafka.brokers,
      secretKey: secrets.LETHE_SECRET_KEY,
      adminApiKey: secrets.LETHE_ADMIN_API_KEY,
      databaseUrls,
      redisUrl,
      services: [...SAMPLE_SERVICES, 'webhook-vendor'],
      // the vendors run on this machine, so their loopback addresses are allowed explicitly
      env: { ...demoOpenDsrEnv(), LETHE_TARGET_URL_ALLOWLIST: '127.0.0.1,localhost' },
      appEnv: { 'webhook-vendor': { WEBHOOK_VENDOR_SECRET: secrets.WEBHOOK_VENDOR_SECRET } },
      ports: {
        coordinator: Number(process.env.PORT || 3000),
        accounts: 3101,
        orders: 3102,
        cart: 3103,
        marketing: 3104,
        'webhook-vendor': 3105,
      },
      // eight processes start at once; on a busy two-core machine that takes longer than a minute
      readyTimeoutMs: 120_000,
    });
    // the newsletter vendor: another company's Lethe, with its own database, topics, keys and one SDK service
    vendorStack = await startStack({
      kafkaBrokers: kafka.brokers,
      topicPrefix: 'vendor.',
      secretKey: secrets.VENDOR_SECRET_KEY,
      adminApiKey: secrets.VENDOR_ADMIN_API_KEY,
      databaseUrls: vendorDatabaseUrls,
      redisUrl,
      services: ['marketing'],
      env: demoOpenDsrEnv('vendor-opendsr'),
      ports: { coordinator: 3200, marketing: 3201 },
      label: 'vendor',
      readyTimeoutMs: 120_000,
    });
    await walkthrough(stack, vendorStack, secrets);
  } catch (error) {
    say(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
    return;
  }

  const url = stack.url('coordinator');
  say('');
  say('════════════════════════════════════════════════════════════════════');
  say(` Lethe is running`);
  say(`   API        ${url}/v1   (OpenAPI: ${url}/docs)`);
  say(`   dashboard  ${url}/dashboard   (sign in with the API key)`);
  say(`   OpenDSR    ${url}/opendsr/v2/discovery   (docs/opendsr.md)`);
  say(
    `   API key    ${secrets.LETHE_ADMIN_API_KEY}${secrets.generatedAdminKey ? '   (generated; kept in .lethe/demo.env)' : ''}`,
  );
  say(`   accounts   ${stack.url('accounts')}/users?email=grace@example.org`);
  say(`   orders     ${stack.url('orders')}/orders?email=grace@example.org`);
  say(`   cart       ${stack.url('cart')}/carts?email=grace@example.org`);
  say(`   marketing  ${stack.url('marketing')}/subscriptions?email=grace@example.org`);
  say(`   CRM vendor ${stack.url('webhook-vendor')}/contacts?email=grace@example.org   (a webhook target)`);
  say(
    `   newsletter vendor's Lethe ${vendorStack.url('coordinator')}/dashboard   (an OpenDSR target; key ${secrets.VENDOR_ADMIN_API_KEY})`,
  );
  say('');
  say(` Try:  curl -s -H "Authorization: Bearer ${secrets.LETHE_ADMIN_API_KEY}" ${url}/v1/services`);
  say(
    ` Retries: curl -s -X POST ${stack.url('marketing')}/admin/failures -H 'Content-Type: application/json' -d '{"count":2}'`,
  );
  say('          then erase grace@example.org (see README "API") and watch the marketing task retry.');
  say('════════════════════════════════════════════════════════════════════');
  if (once) await shutdown(0);
  else say(' Press Ctrl-C to stop everything.');
}

main().catch((error) => {
  say(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
