'use strict';
// The services a benchmark talks to, in ONE child process apart from the coordinator and from the client, so their
// CPU is not charged to either: `sdk` runs S plain DeletionClient instances whose single handler deletes nothing
// (it answers not_found at once, so what is measured is Lethe, not a data store); `raw` runs S bare kafkajs
// consumers that answer each command with a reply of a given size (the bus loop); `http` runs S small HTTP
// services for the synchronous fan-out baseline. The parent drives it over IPC: {stop|start: name}, {exit}.

const http = require('node:http');
const { fork } = require('node:child_process');

const CHILD_TIMEOUT_MS = 120_000;

/** Parent side: forks the fleet and resolves once every member is up. Returns {ports, stop(name), start(name), exit()}. */
async function startFleet(config) {
  const child = fork(__filename, ['--fleet'], {
    env: { ...process.env, ...(config.nodeOptions ? { NODE_OPTIONS: config.nodeOptions } : {}) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map();
  let seq = 0;
  child.on('message', (message) => {
    const waiter = pending.get(message.seq);
    if (!waiter) return;
    pending.delete(message.seq);
    if (message.error) waiter.reject(new Error(`fleet: ${message.error}`));
    else waiter.resolve(message.value);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error('fleet exited'));
  });
  const call = (message) =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      const timer = setTimeout(() => reject(new Error(`fleet: ${message.op} timed out`)), CHILD_TIMEOUT_MS);
      pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      child.send({ ...message, seq: id });
    });
  const ports = await call({ op: 'init', config });
  return {
    ports,
    pid: child.pid,
    stop: (name) => call({ op: 'stop', name }),
    start: (name) => call({ op: 'start', name }),
    async exit() {
      if (child.exitCode !== null) return;
      await call({ op: 'exit' }).catch(() => {});
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ---- child side ----------------------------------------------------------------------------------------------

const members = new Map(); // name -> { start(), stop() }

function sdkMember(config, service) {
  const { DeletionClient, notFound } = require('@lethe/deletion-sdk/node');
  const make = () => {
    const client = new DeletionClient({
      service: service.name,
      brokers: config.brokers.split(','),
      topicPrefix: config.topicPrefix,
      signingKey: { id: config.keyId, secret: service.secret },
      commandVerificationKeys: config.commandPublicKeys,
      identityTypes: ['email'],
      dataCategories: ['bench'],
      // the default 5 s fetch wait would dominate latency at low load; a deployed service may keep it
      consumer: { maxWaitTimeInMs: 100 },
      logger: {
        debug() {},
        info() {},
        warn: warnOnce,
        error: warnOnce,
        // as the SDK's default stderr logger says of itself: info and debug lines are dropped, so never built
        isLevelEnabled: (level) => level === 'warn' || level === 'error',
      },
    });
    client.onErasure('noop', async () => notFound());
    return client;
  };
  let client;
  return {
    async start() {
      client = make();
      await client.start();
    },
    async stop() {
      await client?.stop();
      client = undefined;
    },
  };
}

const warned = new Set();
function warnOnce(message) {
  const key = String(message).slice(0, 80);
  if (warned.has(key)) return;
  warned.add(key);
  process.stderr.write(`[fleet] ${String(message).slice(0, 300)}\n`);
}

function rawMember(config, index) {
  const { Kafka, logLevel } = require('kafkajs');
  const kafka = new Kafka({
    clientId: `bench-raw-${index}`,
    brokers: config.brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const reply = Buffer.alloc(config.replyBytes, 'r');
  let consumer;
  let producer;
  return {
    async start() {
      producer = kafka.producer();
      consumer = kafka.consumer({ groupId: `${config.topicPrefix}raw-${index}`, maxWaitTimeInMs: 100 });
      await Promise.all([producer.connect(), consumer.connect()]);
      await consumer.subscribe({ topic: config.commandTopics[index], fromBeginning: true });
      // one reply per command, all replies of a fetched batch in one produce request
      await consumer.run({
        eachBatch: async ({ batch }) => {
          const messages = batch.messages.map((m) => ({ key: m.key, value: reply }));
          await producer.send({ topic: config.resultsTopic, messages });
        },
      });
    },
    async stop() {
      await consumer?.disconnect();
      await producer?.disconnect();
    },
  };
}

function httpMember(index, port) {
  let server;
  return {
    port,
    async start() {
      // one request per subject: reads the body, answers like a service that found nothing to erase
      server = http.createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ service: `http-${index}`, outcome: 'not_found' }));
        });
      });
      await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
      if (!port) port = server.address().port;
      this.port = port;
    },
    async stop() {
      server?.closeAllConnections?.();
      await new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
    },
  };
}

async function init(config) {
  if (config.mode === 'sdk') {
    for (const service of config.services) members.set(service.name, sdkMember(config, service));
  } else if (config.mode === 'raw') {
    config.commandTopics.forEach((topic, i) => members.set(`raw-${i}`, rawMember(config, i)));
  } else if (config.mode === 'http') {
    for (let i = 0; i < config.count; i += 1) members.set(`http-${i}`, httpMember(i, 0));
  } else throw new Error(`unknown fleet mode ${config.mode}`);
  await Promise.all([...members.values()].map((m) => m.start()));
  return Object.fromEntries([...members].map(([name, m]) => [name, m.port]));
}

async function handle(message) {
  switch (message.op) {
    case 'init':
      return init(message.config);
    case 'stop':
      return members.get(message.name).stop();
    case 'start':
      return members.get(message.name).start();
    case 'exit':
      await Promise.all([...members.values()].map((m) => m.stop().catch(() => {})));
      setImmediate(() => process.exit(0));
      return undefined;
    default:
      throw new Error(`unknown op ${message.op}`);
  }
}

if (require.main === module && process.argv.includes('--fleet')) {
  process.on('message', (message) => {
    handle(message).then(
      (value) => process.send({ seq: message.seq, value }),
      (error) => process.send({ seq: message.seq, error: error?.stack ?? String(error) }),
    );
  });
  // the parent going away (a crash, ^C) must not leave consumers running
  process.on('disconnect', () => process.exit(0));
}

module.exports = { startFleet };
