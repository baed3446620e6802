'use strict';
// The SDK alone, without a coordinator: S plain DeletionClient services in a child process (fleet.js, mode `sdk`,
// the same clients as `e2e`) consume signed commands that this process publishes, verify them, run their no-op
// handler and publish signed results; this process counts the results. Then the raw kafkajs loop (raw-bus.js) with
// the same S and message sizes, in the same run, and the SDK's rate as a ratio of it. It isolates what the SDK's
// consumption costs from what the coordinator's intake, relay and result handling cost.

const { randomBytes } = require('node:crypto');
const { Kafka, logLevel } = require('kafkajs');
const {
  commandPublicKey,
  commandSigner,
  commandSigningKeyFromSeed,
  encodeMessage,
} = require('@lethe/deletion-sdk/protocol');
const { buildErasureCommand } = require('@lethe/deletion-sdk/testing');
const lib = require('../lib');
const { startFleet } = require('../fleet');
const { rawBusLoop, sizeOf } = require('./raw-bus');
const { cpuProfileEnv, summariseProfiles, print } = require('../profile-summary');

const { say, sleep } = lib;

const CHUNK = 500;
const IN_FLIGHT = 4;
const TIMEOUT_MS = 300_000;

function options() {
  return {
    serviceCounts: lib.envList('BENCH_SERVICES', [1, 5, 20]),
    commands: lib.envInt('BENCH_SDK_COMMANDS', 20000),
    rawMessages: lib.envInt('BENCH_RAW_MESSAGES', 30000),
    cpuProfile: process.env.BENCH_CPU_PROF === '1',
  };
}

/** `count` commands spread over the services, signed as the coordinator signs them, grouped per topic. */
function signedCommands(prefix, names, signer, count, offset) {
  const perTopic = new Map(names.map((name) => [`${prefix}lethe.erasure.commands.${name}`, []]));
  for (let i = 0; i < count; i += 1) {
    const service = names[(offset + i) % names.length];
    const topic = `${prefix}lethe.erasure.commands.${service}`;
    const body = buildErasureCommand(service, {
      identities: [{ type: 'email', value: `sdk-${offset + i}@example.org` }],
    });
    const { value, headers } = encodeMessage(body, { topic, key: body.requestId }, signer);
    perTopic.get(topic).push({ key: body.requestId, value, headers });
  }
  return [...perTopic].map(([topic, messages]) => ({ topic, messages })).filter((t) => t.messages.length);
}

async function sdkLoop(brokers, services, commands, cpuProfile) {
  const prefix = `bench_sdk_${randomBytes(3).toString('hex')}.`;
  const names = Array.from({ length: services }, (_, i) => `sdk-${i}`);
  const key = commandSigningKeyFromSeed('k1', randomBytes(32));
  const signer = commandSigner(key);
  const kafka = new Kafka({
    clientId: 'bench-sdk-coordinator',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  // profiles the services' process (the SDK), not this one
  const profile = cpuProfile ? cpuProfileEnv(`sdk-s${services}`) : undefined;
  if (profile) process.env.BENCH_CPU_PROF_DIR = profile.dir;
  const fleet = await startFleet({
    nodeOptions: profile?.env.NODE_OPTIONS,
    mode: 'sdk',
    brokers,
    topicPrefix: prefix,
    keyId: 'k1',
    commandPublicKeys: [{ id: 'k1', publicKey: commandPublicKey(key).raw }],
    services: names.map((name) => ({ name, secret: randomBytes(24).toString('hex') })),
  });
  const producer = kafka.producer();
  const results = kafka.consumer({ groupId: `${prefix}results`, maxWaitTimeInMs: 100 });
  let replies = 0;
  let sampled;
  try {
    await Promise.all([producer.connect(), results.connect()]);
    await results.subscribe({ topic: `${prefix}lethe.erasure.results`, fromBeginning: true });
    await results.run({
      eachBatch: async ({ batch }) => {
        replies += batch.messages.length;
        sampled ??= batch.messages[0];
      },
    });
    await producer.sendBatch({ topicMessages: signedCommands(prefix, names, signer, services, 0) });
    const warmDeadline = Date.now() + 90_000;
    while (replies < services && Date.now() < warmDeadline) await sleep(50);
    if (replies < services) throw new Error('sdk loop: the services did not answer the warm-up');

    // signing is the coordinator's cost, not the SDK's: done before the clock starts
    const chunks = [];
    for (let sent = 0; sent < commands; sent += CHUNK)
      chunks.push(signedCommands(prefix, names, signer, Math.min(CHUNK, commands - sent), services + sent));
    const target = replies + commands;
    // the services' process CPU (user + system) over the timed part: hardly moved by other work on the cores
    const cpuBefore = lib.cpuMsOf(fleet.pid);
    const started = performance.now();
    const sender = async () => {
      for (let chunk = chunks.shift(); chunk; chunk = chunks.shift())
        await producer.sendBatch({ topicMessages: chunk });
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
    const deadline = Date.now() + TIMEOUT_MS;
    while (replies < target && Date.now() < deadline) await sleep(20);
    const seconds = (performance.now() - started) / 1000;
    const servicesCpuMs = lib.cpuMsOf(fleet.pid) - cpuBefore;
    const answered = replies - (target - commands);
    const commandBytes = sizeOf(signedCommands(prefix, names, signer, 1, 0)[0].messages[0]);
    return {
      services,
      commands,
      answered,
      seconds: Number(seconds.toFixed(2)),
      resultsPerSecond: Math.round(answered / seconds),
      servicesCpuMs: Math.round(servicesCpuMs),
      cpuMsPerCommand: Number((servicesCpuMs / Math.max(answered, 1)).toFixed(3)),
      sizes: {
        commandBytes,
        resultBytes: sampled ? sizeOf(sampled) : null,
        commandPartitions: 3,
        resultPartitions: 3,
      },
    };
  } finally {
    await fleet.exit();
    delete process.env.BENCH_CPU_PROF_DIR;
    if (profile) summariseProfiles(profile.dir).forEach(print);
    await results.disconnect().catch(() => {});
    await producer.disconnect().catch(() => {});
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    await admin.deleteTopics({ topics }).catch(() => {});
    await admin
      .deleteGroups([`${prefix}results`, ...names.map((n) => `${prefix}lethe-sdk-${n}`)])
      .catch(() => {});
    await admin.disconnect();
  }
}

async function run() {
  const o = options();
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('sdk: set KAFKA_BROKERS to a running broker');
  const rows = [];
  for (const services of o.serviceCounts) {
    say(`\n== SDK consumption alone, S = ${services}: ${o.commands} commands ==`);
    const sdk = await sdkLoop(brokers, services, o.commands, o.cpuProfile);
    say(`  sdk: ${JSON.stringify(sdk)}`);
    const rawLoop = () =>
      rawBusLoop({ brokers, consumers: services, messages: o.rawMessages, sizes: sdk.sizes });
    // a loaded broker may still be deleting the SDK loop's topics and not yet serve the new ones: once more
    const raw = await rawLoop().catch(async (error) => {
      say(`  raw bus failed (${error.message}); once more`);
      await sleep(5_000);
      return rawLoop();
    });
    say(`  raw bus: ${JSON.stringify(raw)}`);
    const figures = { ...sdk, raw, ratio: Number((sdk.resultsPerSecond / raw.repliesPerSecond).toFixed(3)) };
    lib.recordResult('sdk-consume', 'node bench/run.js sdk', figures, [
      { label: 'S', key: 'services', format: String },
      { label: 'commands', key: 'commands', format: String },
      { label: 'SDK results/s', key: 'resultsPerSecond', format: String },
      { label: 'raw loop replies/s', key: 'raw', format: (r) => String(r.repliesPerSecond) },
      { label: 'ratio to raw', key: 'ratio', format: String },
      { label: 'services CPU ms/command', key: 'cpuMsPerCommand', format: String },
    ]);
    rows.push(figures);
  }
  say('\nS  | SDK results/s | raw replies/s | ratio | services CPU ms/command');
  for (const r of rows)
    say(
      `${r.services}  | ${r.resultsPerSecond} | ${r.raw.repliesPerSecond} | ${r.ratio} | ${r.cpuMsPerCommand}`,
    );
}

module.exports = { run };
