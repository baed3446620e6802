'use strict';
// Shared plumbing of the benchmarks: an isolated Lethe stack (own databases and topic prefix) and result files.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { Redis } = require('ioredis');
const { Kafka, logLevel } = require('kafkajs');
const { ensureKafka, stopKafka } = require('../scripts/lib/kafka-broker');
const { ensureDatabase, dropDatabase } = require('../scripts/lib/postgres');
const { startStack, commandPublicKeys, serviceSecret } = require('../scripts/lib/stack');

const PG_URL = process.env.LETHE_BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = 'redis://127.0.0.1:6379'; // what startStack gives the coordinator

function say(line) {
  process.stdout.write(`${line}\n`);
}

/** Starts Kafka if needed and a stack of the given apps; returns it with an API helper and a cleanup. */
async function benchStack(services, env = {}) {
  const kafka = await ensureKafka({ log: (line) => say(`[kafka] ${line}`) });
  const name = `bench_${randomBytes(3).toString('hex')}`;
  const databaseUrls = {};
  for (const app of ['coordinator', ...services]) {
    const url = new URL(PG_URL);
    url.pathname = `/lethe_${name}_${app}`;
    databaseUrls[app] = url.toString();
    await ensureDatabase(databaseUrls[app]);
  }
  const adminApiKey = `bench_${randomBytes(16).toString('hex')}`;
  const secretKey = randomBytes(32).toString('hex');
  const topicPrefix = `${name}.`;
  const stack = await startStack({
    kafkaBrokers: kafka.brokers,
    topicPrefix,
    secretKey,
    adminApiKey,
    databaseUrls,
    services,
    // on a machine shared with other work the coordinator's boot (module loading, migrations) can take minutes
    readyTimeoutMs: 180_000,
    // a benchmark is a flood by design: no rate limit
    env: { LOG_LEVEL: 'warn', LETHE_RATE_LIMIT_PER_MINUTE: '0', ...env },
    log: (line) => {
      if (/ERROR|WARN/.test(line)) say(line);
    },
  });
  const api = async (method, route, body) => {
    const response = await fetch(stack.url('coordinator') + route, {
      method,
      headers: { authorization: `Bearer ${adminApiKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch((error) => {
      // undici says only "fetch failed"; the cause (a reset, a refused connection) is what tells runs apart
      throw new Error(`${method} ${route}: ${error.message} (${error.cause?.code ?? error.cause?.message})`);
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const cleanup = async () => {
    await stack.stop();
    for (const url of Object.values(databaseUrls)) await dropDatabase(url);
    await dropRedisKeys(`${name}.`);
    await dropTopics(kafka.brokers, topicPrefix);
    if (kafka.startedByUs) await stopKafka({ log: (line) => say(`[kafka] ${line}`) });
  };
  return { stack, api, databaseUrls, cleanup, secretKey, adminApiKey, topicPrefix, brokers: kafka.brokers };
}

/**
 * Deletes the run's Redis keys (its BullMQ queues, `<prefix>lethe:*`). Left behind, hundreds of thousands of them
 * make every later SCAN of the server slow, and the e2e and chaos specs scan for their own keys.
 */
async function dropRedisKeys(prefix) {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let deleted = 0;
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1000 })) {
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    }
    if (deleted > 0) say(`[redis] removed the run's ${deleted} keys`);
  } catch (error) {
    say(`[redis] could not remove the run's keys (${prefix}*): ${error.message}`);
  } finally {
    redis.disconnect();
  }
}

/**
 * Deletes the run's topics (`<prefix>…`: commands, results, registry, dead letters). Left behind, each run adds a
 * dozen topics to the broker, whose growing partition count slows every later run and the raw loop with it.
 */
async function dropTopics(brokers, prefix) {
  const list = Array.isArray(brokers) ? brokers : String(brokers).split(',');
  const admin = new Kafka({ brokers: list, logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    if (topics.length > 0) say(`[kafka] removed the run's ${topics.length} topics`);
  } catch (error) {
    say(`[kafka] could not remove the run's topics (${prefix}*): ${error.message}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** What the SDK fleet (fleet.js, mode `sdk`) needs to run `names` against this stack. */
function sdkFleetConfig(bench, names) {
  const keyId = 'k1';
  return {
    mode: 'sdk',
    brokers: bench.brokers,
    topicPrefix: bench.topicPrefix,
    keyId,
    commandPublicKeys: commandPublicKeys(bench.secretKey, keyId)
      .split(',')
      .map((entry) => ({
        id: entry.slice(0, entry.indexOf(':')),
        publicKey: entry.slice(entry.indexOf(':') + 1),
      })),
    services: names.map((name) => ({ name, secret: serviceSecret(bench.secretKey, name, keyId) })),
  };
}

/** Waits until the coordinator lists every one of `names` as registered. */
async function waitForServices(api, names, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await api('GET', '/v1/services');
    const known = new Set((body?.items ?? []).map((s) => s.name));
    if (names.every((name) => known.has(name))) return;
    if (Date.now() > deadline)
      throw new Error(`services not registered in time: ${names.filter((n) => !known.has(n))}`);
    await sleep(250);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A positive integer from the environment (sizes of a quick run), or the fallback. */
function envInt(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return value;
}

function envList(name, fallback) {
  const raw = process.env[name];
  return raw ? raw.split(',').map((item) => Number(item.trim())) : fallback;
}

/** Peak and current resident set size of a process, in MiB, from /proc (Linux). */
function memoryOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { peakRssMiB: Math.round(kib('VmHWM') / 1024), rssMiB: Math.round(kib('VmRSS') / 1024) };
  } catch {
    return { peakRssMiB: NaN, rssMiB: NaN };
  }
}

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc (Linux). Unlike wall-clock latency it
 * hardly moves when other work shares the cores, so per-request CPU compares across runs on a busy machine.
 */
function cpuMsOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the fields after the command name, which may itself contain spaces or parentheses
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of proc(5))
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    // other work on the cores shows here (1, 5, 15 minutes), when the run ends
    loadAverage: os.loadavg().map((n) => Number(n.toFixed(2))),
  };
}

/** The commit the run measured (HEAD of the checkout the suite runs from), so back-to-back runs can be told apart. */
function commitOf() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: __dirname, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** Writes `<name>.json` (all figures) and appends a row to `<name>.md` (the table people read). */
function recordResult(name, command, figures, columns) {
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const entry = { at: new Date().toISOString(), command, commit: commitOf(), machine: machine(), figures };
  const jsonFile = path.join(dir, `${name}.json`);
  const history = fs.existsSync(jsonFile) ? JSON.parse(fs.readFileSync(jsonFile, 'utf8')) : [];
  history.push(entry);
  fs.writeFileSync(jsonFile, `${JSON.stringify(history, null, 2)}\n`);
  const mdFile = path.join(dir, `${name}.md`);
  if (!fs.existsSync(mdFile)) {
    fs.writeFileSync(
      mdFile,
      `# ${name}\n\nProduced by \`${command}\`; every run appends a row (raw figures in ${name}.json).\n\n` +
        `| date | machine | ${columns.map((c) => c.label).join(' | ')} |\n|${' --- |'.repeat(columns.length + 2)}\n`,
    );
  }
  const m = entry.machine;
  // the CPU model told apart: figures of two machines are not comparable, their ratios to the raw loop are
  const model = m.cpuModel ? ` ${m.cpuModel.split(' ').slice(0, 2).join(' ')}` : '';
  const row = `| ${entry.at.slice(0, 16)} | ${m.cpus} cores${model}, ${m.memoryGiB} GiB, ${m.node} | ${columns
    .map((c) => c.format(figures[c.key]))
    .join(' | ')} |\n`;
  fs.appendFileSync(mdFile, row);
  formatTable(mdFile);
  say(`\nresults: bench/results/${name}.md and ${name}.json`);
}

/** Re-aligns the table with the project's prettier, so a run leaves `npm run lint` green; best effort. */
function formatTable(file) {
  try {
    execFileSync(process.execPath, [require.resolve('prettier/bin/prettier.cjs'), '--write', file], {
      cwd: path.join(__dirname, '..'),
      stdio: 'ignore',
    });
  } catch {
    say(
      `(could not re-align ${path.relative(path.join(__dirname, '..'), file)}; run npx prettier --write on it)`,
    );
  }
}

module.exports = {
  benchStack,
  dropRedisKeys,
  cpuMsOf,
  sdkFleetConfig,
  waitForServices,
  percentile,
  recordResult,
  say,
  sleep,
  envInt,
  envList,
  memoryOf,
  machine,
};
