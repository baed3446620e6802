'use strict';
// Runs Lethe's own processes (the coordinator, the sample services and the sample webhook vendor) as child processes
// with prefixed logs.
// Shared by the demo runner and the end-to-end tests so both start the system the same way.

const path = require('node:path');
const net = require('node:net');
const readline = require('node:readline');
const { spawn } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Each app: its built entry point, the path that answers once it is ready, whether it has a PostgreSQL database of
 * its own, whether it is a data holder outside the estate (a vendor: no SDK, reached as a target, not in
 * SAMPLE_SERVICES), and any variables of its own (from the stack's options).
 */
const APPS = {
  coordinator: { entry: 'dist/apps/coordinator/src/main.js', ready: '/health/ready', database: true },
  accounts: { entry: 'dist/apps/sample-services/accounts/src/main.js', ready: '/health', database: true },
  orders: { entry: 'dist/apps/sample-services/orders/src/main.js', ready: '/health', database: true },
  cart: {
    entry: 'dist/apps/sample-services/cart/src/main.js',
    ready: '/health',
    database: false,
    env: (options) => ({ CART_KEY_PREFIX: cartKeyPrefix(options) }),
  },
  marketing: { entry: 'dist/apps/sample-services/marketing/src/main.js', ready: '/health', database: true },
  'webhook-vendor': {
    entry: 'dist/apps/sample-services/webhook-vendor/src/main.js',
    ready: '/health',
    database: false,
    vendor: true,
  },
};

/** The SDK services of the sample shop (what `services` defaults to). */
const SAMPLE_SERVICES = Object.keys(APPS).filter((name) => name !== 'coordinator' && !APPS[name].vendor);
/** Sample data holders outside the estate, started only when named in `services`. */
const SAMPLE_VENDORS = Object.keys(APPS).filter((name) => APPS[name].vendor);
/** The apps that need `databaseUrls[name]`; the cart keeps its carts in Redis. */
const DATABASE_APPS = Object.keys(APPS).filter((name) => APPS[name].database);

/** Where the cart service keeps its keys: per topic namespace, so parallel runs sharing Redis stay apart. */
function cartKeyPrefix({ cartKeyPrefix: explicit, topicPrefix = '' }) {
  if (explicit) return explicit;
  const namespace = topicPrefix.replace(/\.$/, '');
  return namespace ? `lethe:cart:${namespace}` : 'lethe:cart';
}

// Whatever happens to the parent (a test runner timing out, an uncaught error), its apps must not outlive it.
const liveChildren = new Set();
process.once('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});

function assertBuilt() {
  const missing = Object.values(APPS)
    .map((app) => path.join(ROOT, app.entry))
    .filter((file) => !require('node:fs').existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `Lethe is not built (missing ${path.relative(ROOT, missing[0])}): run npm run build first`,
    );
  }
}

function keyRing(secretKey, keyId, previousKeyIds = []) {
  const { KeyRing } = require(path.join(ROOT, 'dist/apps/coordinator/src/crypto/key-ring.js'));
  return new KeyRing(secretKey, keyId, previousKeyIds);
}

/** The secret a service signs its results with, derived exactly as the coordinator derives it. */
function serviceSecret(secretKey, service, keyId = 'k1') {
  return keyRing(secretKey, keyId).serviceSecret(service);
}

/**
 * The coordinator's command public keys as services take them (LETHE_COMMAND_PUBLIC_KEYS), exactly as
 * `npm run command-public-key` prints them: services hold these, never anything that could sign a command.
 */
function commandPublicKeys(secretKey, keyId = 'k1', previousKeyIds = []) {
  return keyRing(secretKey, keyId, previousKeyIds)
    .commandPublicKeys()
    .map((key) => `${key.id}:${key.raw}`)
    .join(',');
}

function splitList(value) {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A running app. Output lines go to `log` with a `[name]` prefix; the last lines are kept so a failed start can
 * say why.
 */
class AppProcess {
  /** `kind`: which of APPS this runs (a replica's name differs from its kind). */
  constructor(name, env, log, kind = name) {
    this.name = name;
    this.kind = kind;
    this.env = env;
    this.log = log;
    this.url = `http://127.0.0.1:${env.PORT}`;
    this.recent = [];
    this.child = undefined;
    this.exited = undefined;
  }

  start() {
    const child = spawn(process.execPath, [path.join(ROOT, APPS[this.kind].entry)], {
      cwd: ROOT,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    liveChildren.add(child);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        liveChildren.delete(child);
        resolve({ code, signal });
      }),
    );
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        this.recent.push(line);
        if (this.recent.length > 40) this.recent.shift();
        this.log(`[${this.name}] ${line}`);
      });
    }
  }

  async waitUntilReady(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    let exit;
    this.exited.then((value) => (exit = value));
    while (Date.now() < deadline) {
      if (exit) {
        throw new Error(
          `${this.name} exited during start-up (code ${exit.code}, signal ${exit.signal}):\n${this.recent.join('\n')}`,
        );
      }
      try {
        const response = await fetch(this.url + APPS[this.kind].ready, { signal: AbortSignal.timeout(2000) });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs} ms:\n${this.recent.join('\n')}`);
  }

  /** kill -9: no shutdown hook runs, as when a host vanishes. Resolves once the process is gone. */
  async kill() {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM for a graceful shutdown (the SDK finishes the command in hand), SIGKILL if it hangs. */
  async stop(graceMs = 15_000) {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    let timer;
    const grace = new Promise((resolve) => {
      timer = setTimeout(() => resolve(true), graceMs);
    });
    const timedOut = await Promise.race([this.exited.then(() => false), grace]);
    clearTimeout(timer);
    if (timedOut) {
      this.log(`[${this.name}] did not stop within ${graceMs} ms; killing it`);
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

/**
 * Starts the coordinator and the sample services. Options: kafkaBrokers, topicPrefix, secretKey, adminApiKey,
 * databaseUrls {coordinator, accounts, …} (the DATABASE_APPS), ports {…} (free ports when omitted), services
 * (default: all), redisUrl, cartKeyPrefix (default: from topicPrefix), env (extra variables for every app),
 * appEnv {name: {…}} (variables of one app only), label (prefixed to the log names, for a second stack), log(line),
 * readyTimeoutMs, coordinatorDatabaseUrl (what the coordinator process connects to, e.g. a proxy in
 * front of databaseUrls.coordinator, so a test can cut the coordinator off while it still reads the database).
 */
async function startStack(options) {
  assertBuilt();
  const services = options.services ?? SAMPLE_SERVICES;
  const output = options.log ?? ((line) => process.stdout.write(`${line}\n`));
  // a second stack (the demo's vendor Lethe) names its lines apart: [vendor/coordinator]
  const log = options.label ? (line) => output(line.replace(/^\[/, `[${options.label}/`)) : output;
  const common = {
    ...process.env,
    ...(options.env ?? {}),
    KAFKA_BROKERS: options.kafkaBrokers,
    LETHE_TOPIC_PREFIX: options.topicPrefix ?? '',
    REDIS_URL: options.redisUrl ?? 'redis://127.0.0.1:6379',
    NO_COLOR: process.env.NO_COLOR ?? (process.stdout.isTTY ? '' : '1'),
  };
  const port = async (name) => options.ports?.[name] ?? (await freePort());
  // The same key ids as the coordinator, which reads these from the same environment.
  const keyId = common.LETHE_SIGNING_KEY_ID || 'k1';
  const previousKeyIds = splitList(common.LETHE_PREVIOUS_SIGNING_KEY_IDS);
  const publicKeys = commandPublicKeys(options.secretKey, keyId, previousKeyIds);
  const apps = {};
  apps.coordinator = new AppProcess(
    'coordinator',
    {
      ...common,
      ...(options.appEnv?.coordinator ?? {}),
      PORT: String(await port('coordinator')),
      DATABASE_URL: options.coordinatorDatabaseUrl ?? options.databaseUrls.coordinator,
      LETHE_ADMIN_API_KEY: options.adminApiKey,
      LETHE_SECRET_KEY: options.secretKey,
    },
    log,
  );
  for (const service of services) {
    apps[service] = new AppProcess(
      service,
      {
        ...common,
        ...(APPS[service].env?.(options) ?? {}),
        ...(options.appEnv?.[service] ?? {}),
        PORT: String(await port(service)),
        ...(APPS[service].database ? { DATABASE_URL: options.databaseUrls[service] } : {}),
        // a vendor is outside the estate: it holds no key of Lethe's
        ...(APPS[service].vendor
          ? {}
          : {
              LETHE_SIGNING_SECRET: serviceSecret(options.secretKey, service, keyId),
              LETHE_COMMAND_PUBLIC_KEYS: publicKeys,
            }),
      },
      log,
    );
  }
  const replicas = [];
  const stack = {
    apps,
    url: (name) => apps[name].url,
    async startApp(name) {
      apps[name].start();
      await apps[name].waitUntilReady(options.readyTimeoutMs ?? 60_000);
    },
    stopApp: (name) => apps[name].stop(),
    killApp: (name) => apps[name].kill(),
    /** Another coordinator process on the same database, topics and secrets, with a port of its own. */
    async startReplica(name) {
      if (apps[name]) throw new Error(`${name} already exists`);
      const env = { ...apps.coordinator.env, PORT: String(await freePort()) };
      apps[name] = new AppProcess(name, env, log, 'coordinator');
      replicas.push(name);
      await stack.startApp(name);
    },
    async stop() {
      // services first, so none is left consuming while the coordinators go away
      await Promise.all(services.map((name) => apps[name].stop()));
      await Promise.all(replicas.map((name) => apps[name].stop()));
      await apps.coordinator.stop();
    },
  };
  try {
    await stack.startApp('coordinator');
    await Promise.all(services.map((name) => stack.startApp(name)));
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}

module.exports = {
  startStack,
  serviceSecret,
  commandPublicKeys,
  freePort,
  cartKeyPrefix,
  SAMPLE_SERVICES,
  SAMPLE_VENDORS,
  DATABASE_APPS,
  APPS,
};
