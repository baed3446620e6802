'use strict';
// Lifecycle of the single-node KRaft broker shared by local development, the test setup and the demo: reuse any
// broker that answers, otherwise start one from the Kafka home (see kafka-home.js), and stop only what our pid file
// names.

const fs = require('node:fs');
const net = require('node:net');
const { spawn } = require('node:child_process');
const { Kafka, logLevel } = require('kafkajs');
const home = require('./kafka-home');

const DEFAULT_START_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 30_000;
const KILL_WAIT_MS = 5_000;
const PROBE_TIMEOUT_MS = 3_000;
const READY_POLL_MS = 250;
const LOG_LINES_ON_FAILURE = 30;

function stderrLog(line) {
  process.stderr.write(`${line}\n`);
}

function externalBrokers() {
  const list = (process.env.KAFKA_BROKERS || '')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  return list.length > 0 ? list.join(',') : undefined;
}

function localBrokers() {
  return `127.0.0.1:${home.kafkaPorts().broker}`;
}

function kafkaBrokers() {
  return externalBrokers() ?? localBrokers();
}

async function isKafkaReachable(brokers = kafkaBrokers(), timeoutMs = PROBE_TIMEOUT_MS) {
  const kafka = new Kafka({
    clientId: 'lethe-kafka-probe',
    brokers: String(brokers).split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  const probe = (async () => {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  })().catch(() => false);
  // kafkajs bounds each connection and request, but not a probe of several brokers; this bounds the whole probe.
  let timer;
  const deadline = new Promise((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([probe, deadline]);
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => {});
  }
}

async function ensureKafka({ log = stderrLog } = {}) {
  if (externalBrokers()) return useExternalKafka(log);
  const brokers = localBrokers();
  if (await isKafkaReachable(brokers)) {
    log(`reusing Kafka at ${brokers}`);
    return { brokers, startedByUs: false };
  }
  return startKafka({ log });
}

async function startKafka({ log = stderrLog } = {}) {
  if (externalBrokers()) return useExternalKafka(log);
  const layout = home.kafkaLayout();
  fs.mkdirSync(layout.home, { recursive: true });
  return withStartLock(layout.startLock, log, async () => {
    const brokers = localBrokers();
    // Whoever held the lock before us may have just started it.
    if (await isKafkaReachable(brokers)) {
      log(`reusing Kafka at ${brokers}`);
      return { brokers, startedByUs: false };
    }
    const runningPid = liveBrokerPid(log);
    if (runningPid !== undefined) {
      log(`Kafka (pid ${runningPid}) is running but not answering yet; waiting for it…`);
      await waitUntilReady({ pid: runningPid, brokers, deadline: Date.now() + startTimeoutMs() });
      log(`reusing Kafka at ${brokers}`);
      return { brokers, startedByUs: false };
    }
    return launchBroker(brokers, log);
  });
}

async function useExternalKafka(log) {
  const brokers = externalBrokers();
  if (!(await isKafkaReachable(brokers))) {
    throw new Error(
      `KAFKA_BROKERS=${brokers} is set but no Kafka broker answers there. ` +
        'Start that broker, or unset KAFKA_BROKERS to let scripts/kafka.js run a local one.',
    );
  }
  log(`using Kafka at ${brokers} (from KAFKA_BROKERS)`);
  return { brokers, startedByUs: false };
}

async function launchBroker(brokers, log) {
  const layout = home.kafkaLayout();
  await home.ensureKafkaLibs({ log });
  home.requireJava();
  await assertPortsFree();
  home.writeBrokerConfig();
  await home.formatStorageIfNeeded({ log });
  log(`starting Kafka ${home.KAFKA_VERSION} (KRaft, single node) at ${brokers}…`);
  const started = Date.now();
  const child = spawnBroker(layout);
  fs.writeFileSync(layout.pidFile, `${child.pid}\n`);
  try {
    await waitUntilReady({ pid: child.pid, child, brokers, deadline: started + startTimeoutMs() });
  } catch (err) {
    // A broker that never became ready would hold the ports and make the next attempt fail differently.
    await terminate(child.pid, KILL_WAIT_MS);
    fs.rmSync(layout.pidFile, { force: true });
    throw err;
  }
  await warmGroupCoordinator(brokers);
  log(`Kafka ready at ${brokers} in ${home.seconds(Date.now() - started)} (pid ${child.pid})`);
  return { brokers, startedByUs: true };
}

// Kafka reports a taken port only after seconds of start-up and deep inside a stack trace.
async function assertPortsFree() {
  const { broker, controller } = home.kafkaPorts();
  for (const [port, variable] of [
    [broker, 'LETHE_KAFKA_PORT'],
    [controller, 'LETHE_KAFKA_CONTROLLER_PORT'],
  ]) {
    if (!(await isPortFree(port))) {
      throw new Error(
        `port 127.0.0.1:${port} is taken by a process that is not an answering Kafka broker; ` +
          `stop it or choose another port with ${variable}`,
      );
    }
  }
}

function isPortFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function spawnBroker(layout) {
  // Keep the previous run's log: when a start fails, the earlier successful run is often the useful comparison.
  if (fs.existsSync(layout.serverLog)) fs.renameSync(layout.serverLog, `${layout.serverLog}.1`);
  const out = fs.openSync(layout.serverLog, 'a');
  try {
    // detached: the broker gets its own process group, so Ctrl-C on a test run does not kill a broker that the
    // next run could reuse, and stop can signal the whole group.
    const child = spawn('java', home.brokerJavaArgs(), {
      cwd: layout.home,
      detached: true,
      stdio: ['ignore', out, out],
    });
    child.on('error', () => {});
    if (child.pid === undefined) throw new Error('could not spawn java for the Kafka broker');
    child.unref();
    return child;
  } finally {
    fs.closeSync(out);
  }
}

async function waitUntilReady({ pid, child, brokers, deadline }) {
  const { serverLog } = home.kafkaLayout();
  for (;;) {
    if (!isAlive(pid)) {
      const exit = child && child.exitCode !== null ? ` with code ${child.exitCode}` : '';
      throw new Error(
        `Kafka (pid ${pid}) exited${exit} during startup. Last lines of ${serverLog}:\n` +
          home.tailFile(serverLog, LOG_LINES_ON_FAILURE),
      );
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new Error(
        `Kafka (pid ${pid}) did not answer at ${brokers} within ${startTimeoutMs() / 1000}s ` +
          `(LETHE_KAFKA_START_TIMEOUT_MS). Last lines of ${serverLog}:\n` +
          home.tailFile(serverLog, LOG_LINES_ON_FAILURE),
      );
    }
    if (await isKafkaReachable(brokers, Math.min(PROBE_TIMEOUT_MS, remaining))) return;
    await sleep(READY_POLL_MS);
  }
}

// A fresh broker creates __consumer_offsets only when the first consumer group looks for its coordinator; until
// then kafkajs consumers log "group coordinator is not available" at ERROR level while retrying. Creating it here
// keeps that noise out of the first test that consumes.
async function warmGroupCoordinator(brokers) {
  const kafka = new Kafka({
    clientId: 'lethe-kafka-warmup',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeGroups(['lethe-kafka-warmup']);
  } catch {
    // Only a courtesy: consumers retry on their own.
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function stopKafka({ log = stderrLog } = {}) {
  const { pidFile } = home.kafkaLayout();
  const pid = readPid(pidFile);
  if (pid === undefined) {
    log(`no Kafka pid file at ${pidFile}; nothing to stop`);
    return { stopped: false };
  }
  if (liveBrokerPid(log) === undefined) return { stopped: false };
  log(`stopping Kafka (pid ${pid})…`);
  const started = Date.now();
  const graceful = await terminate(pid, STOP_GRACE_MS);
  fs.rmSync(pidFile, { force: true });
  log(
    graceful
      ? `Kafka stopped in ${home.seconds(Date.now() - started)}`
      : `Kafka did not stop within ${STOP_GRACE_MS / 1000}s of SIGTERM; killed it`,
  );
  return { stopped: true };
}

async function kafkaStatus() {
  const { home: kafkaHome, pidFile } = home.kafkaLayout();
  const brokers = kafkaBrokers();
  const pid = readPid(pidFile);
  return {
    brokers,
    external: externalBrokers() !== undefined,
    reachable: await isKafkaReachable(brokers),
    pid,
    pidRunning: pid !== undefined && isAlive(pid) && looksLikeBroker(pid),
    home: kafkaHome,
  };
}

function kafkaLogTail(lines) {
  const { serverLog } = home.kafkaLayout();
  return { file: serverLog, text: home.tailFile(serverLog, lines) };
}

// The pid from our pid file when it still names a running broker; a stale pid file is removed on the way.
function liveBrokerPid(log) {
  const { pidFile } = home.kafkaLayout();
  const pid = readPid(pidFile);
  if (pid === undefined) return undefined;
  if (isAlive(pid) && looksLikeBroker(pid)) return pid;
  log(`removing stale Kafka pid file (pid ${pid} is not a running Kafka broker)`);
  fs.rmSync(pidFile, { force: true });
  return undefined;
}

function readPid(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return err.code === 'EPERM';
  }
  return !isZombie(pid);
}

// A broker we spawned ourselves stays a zombie until Node reaps it, and a zombie still accepts signal 0.
function isZombie(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

// Pids get reused after a reboot or a long uptime; never signal a process that is not a Kafka broker.
function looksLikeBroker(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('kafka.Kafka');
  } catch (err) {
    // Without /proc (macOS) the pid file is all we have.
    return err.code !== 'ENOENT' || !fs.existsSync('/proc');
  }
}

async function terminate(pid, graceMs) {
  signalGroup(pid, 'SIGTERM');
  if (await waitForExit(pid, graceMs)) return true;
  signalGroup(pid, 'SIGKILL');
  await waitForExit(pid, KILL_WAIT_MS);
  return false;
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if (err.code !== 'ESRCH') throw err;
    // Not a group leader (a pid file written by something else): signal just the process.
    try {
      process.kill(pid, signal);
    } catch (inner) {
      if (inner.code !== 'ESRCH') throw inner;
    }
  }
}

async function waitForExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}

// Serialises starts across processes (say `npm test` and `npm run demo` at once) so that only one of them launches
// a broker and the other reuses it.
async function withStartLock(lockFile, log, fn) {
  let announced = false;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const holder = readPid(lockFile);
    if (holder === undefined ? lockAgeMs(lockFile) > 5_000 : !isAlive(holder)) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (!announced) {
      log(`another process${holder ? ` (pid ${holder})` : ''} is starting Kafka; waiting for it…`);
      announced = true;
    }
    await sleep(500);
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

function lockAgeMs(lockFile) {
  try {
    return Date.now() - fs.statSync(lockFile).mtimeMs;
  } catch {
    return Infinity;
  }
}

function startTimeoutMs() {
  const raw = process.env.LETHE_KAFKA_START_TIMEOUT_MS;
  const value = raw === undefined || raw.trim() === '' ? DEFAULT_START_TIMEOUT_MS : Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`LETHE_KAFKA_START_TIMEOUT_MS=${raw} is not a positive number of milliseconds`);
  }
  return value;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

module.exports = {
  ensureKafka,
  startKafka,
  stopKafka,
  isKafkaReachable,
  kafkaBrokers,
  kafkaStatus,
  kafkaLogTail,
};
