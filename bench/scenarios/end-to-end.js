'use strict';
// End to end at S = 1, 5, 20 SDK services, and the bare bus in the same run. For each S: a fresh coordinator
// (own databases and topic prefix) and S plain DeletionClient services in one child process whose handler deletes
// nothing (fleet.js). Phase 1 floods REST intake from 50 concurrent clients: sustained deletion tasks per second
// and submit latency. Phase 2 submits open-loop at half that rate: submit → completed p50/p95/p99. Phase 3 runs the
// raw kafkajs produce → consume → reply loop with S consumers and the message sizes Lethe just used
// (raw-bus.js), and Lethe's rate is given as a ratio of it.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const lib = require('../lib');
const { startFleet } = require('../fleet');
const { rawBusLoop, sampleMessageSizes } = require('./raw-bus');
const { cpuProfileEnv, summariseProfiles } = require('../profile-summary');

const { say, percentile, sleep } = lib;

function options() {
  return {
    serviceCounts: lib.envList('BENCH_SERVICES', [1, 5, 20]),
    requests: lib.envInt('BENCH_E2E_REQUESTS', 2000),
    clients: lib.envInt('BENCH_CLIENTS', 50),
    halfSeconds: lib.envInt('BENCH_HALF_SECONDS', 30),
    timeoutSeconds: lib.envInt('BENCH_E2E_TIMEOUT_S', 300),
    rawMessages: lib.envInt('BENCH_RAW_MESSAGES', 30000),
    coordinatorEnv: JSON.parse(process.env.BENCH_COORDINATOR_ENV || '{}'),
    cpuProfile: process.env.BENCH_CPU_PROF === '1',
    countStatements: process.env.BENCH_COUNT_STATEMENTS === '1',
  };
}

/** The coordinator's environment for counting its SQL statements (statement-count-preload.js), and a reader. */
function statementCounter(services) {
  const file = path.join(os.tmpdir(), `lethe-bench-statements-s${services}-${process.pid}.json`);
  fs.rmSync(file, { force: true });
  return {
    env: { NODE_OPTIONS: `--require ${path.join(__dirname, '..', 'statement-count-preload.js')}` },
    file,
    read: () => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { total: 0, kinds: {} }),
    cleanup: () => fs.rmSync(file, { force: true }),
  };
}

/** Statements per submission between two readings, and how many of each kind were sent (the most frequent first). */
function statementsPer(before, after, requests) {
  const kinds = Object.entries(after.kinds)
    .map(([kind, count]) => [kind, count - (before.kinds[kind] ?? 0)])
    .filter(([, sent]) => sent > 0)
    .sort((a, b) => b[1] - a[1]);
  return {
    perSubmission: Number(((after.total - before.total) / requests).toFixed(2)),
    sent: after.total - before.total,
    kinds: Object.fromEntries(kinds),
  };
}

const body = (tag, i) => ({
  regulation: 'gdpr',
  externalId: `${tag}-${i}`,
  subject: { identities: [{ type: 'email', value: `${tag}-${i}@example.org` }] },
});

async function submit(api, tag, i) {
  const t0 = performance.now();
  const sentAt = Date.now();
  const { status, body: response } = await api('POST', '/v1/erasure-requests', body(tag, i));
  if (status !== 201) throw new Error(`submit failed: HTTP ${status} ${JSON.stringify(response)}`);
  return { id: response.id, sentAt, ms: performance.now() - t0 };
}

/** Waits until every task of requests tagged `tag` is done (or the timeout); returns their completion instants. */
async function waitForTasks(db, tag, expected, timeoutSeconds) {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const { rows } = await db.query(
      `SELECT count(*) FILTER (WHERE t.completed_at IS NOT NULL)::int AS done, count(*)::int AS total
         FROM erasure_tasks t JOIN erasure_requests r ON r.id = t.request_id WHERE r.external_id LIKE $1`,
      [`${tag}-%`],
    );
    if (rows[0].done >= expected || Date.now() > deadline) return rows[0];
    await sleep(500);
  }
}

/**
 * What PostgreSQL did for the coordinator's database so far (no hook in the coordinator needed): commits, rows
 * written and read, and rows read by sequential scans per table (`seq:<table>`), which points at missing indexes.
 */
async function databaseWork(db) {
  const { rows } = await db.query(
    `SELECT xact_commit AS commits, tup_inserted AS inserted, tup_updated AS updated, tup_returned + tup_fetched AS read
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  const tables = await db.query(`SELECT relname, seq_tup_read FROM pg_stat_user_tables`);
  return Object.fromEntries([
    ...Object.entries(rows[0]).map(([key, value]) => [key, Number(value)]),
    ...tables.rows.map((row) => [`seq:${row.relname}`, Number(row.seq_tup_read)]),
  ]);
}

/** Phase 1: `requests` submitted by `clients` closed-loop clients as fast as intake takes them. */
async function sustained(api, db, o, services, coordinatorPid, counter) {
  const tag = 'sus';
  const before = await databaseWork(db);
  const statementsBefore = counter?.read();
  const cpuBefore = lib.cpuMsOf(coordinatorPid);
  const submitMs = [];
  let next = 0;
  const started = Date.now();
  const client = async () => {
    while (next < o.requests) submitMs.push((await submit(api, tag, next++)).ms);
  };
  await Promise.all(Array.from({ length: o.clients }, client));
  const submitSeconds = (Date.now() - started) / 1000;
  const counts = await waitForTasks(db, tag, o.requests * services, o.timeoutSeconds);
  // the coordinator's CPU for intake, relay and results of the whole flood, per request
  const coordinatorCpuMs = lib.cpuMsOf(coordinatorPid) - cpuBefore;
  const { rows } = await db.query(
    `SELECT extract(epoch FROM t.completed_at) * 1000 AS at FROM erasure_tasks t
       JOIN erasure_requests r ON r.id = t.request_id
      WHERE r.external_id LIKE 'sus-%' AND t.completed_at IS NOT NULL ORDER BY t.completed_at`,
  );
  const done = rows.map((row) => Number(row.at));
  // the middle 80% of completions: the rate once the pipeline is full, without ramp-up and tail
  const lo = Math.floor(done.length * 0.1);
  const hi = Math.max(lo + 1, Math.floor(done.length * 0.9) - 1);
  const steady = done.length > 10 ? (hi - lo) / ((done[hi] - done[lo]) / 1000) : NaN;
  submitMs.sort((a, b) => a - b);
  await sleep(1500); // PostgreSQL flushes its per-database counters about once a second
  const after = await databaseWork(db);
  const statements = counter ? statementsPer(statementsBefore, counter.read(), o.requests) : undefined;
  const perRequest = Object.fromEntries(
    Object.keys(after)
      .map((key) => [key, round((after[key] - (before[key] ?? 0)) / o.requests)])
      .filter(([key, value]) => !key.startsWith('seq:') || value >= 1),
  );
  return {
    requests: o.requests,
    databasePerRequest: perRequest,
    ...(statements && {
      statementsPerSubmission: statements.perSubmission,
      statementsSent: statements.sent,
      statementKinds: statements.kinds,
    }),
    coordinatorCpuMsPerRequest: round(coordinatorCpuMs / o.requests),
    tasksDone: counts.done,
    tasksExpected: o.requests * services,
    submitSeconds: round(submitSeconds),
    intakePerSecond: round(o.requests / submitSeconds),
    wallSeconds: round((done[done.length - 1] - started) / 1000),
    tasksPerSecond: round(counts.done / ((done[done.length - 1] - started) / 1000)),
    steadyTasksPerSecond: round(steady),
    submitP50Ms: round(percentile(submitMs, 50)),
    submitP95Ms: round(percentile(submitMs, 95)),
  };
}

/** Phase 2: open-loop arrivals at `rate` requests/s for `seconds`; latency from the client's send to completed_at. */
async function atRate(api, db, o, services, rate) {
  const tag = 'half';
  const count = Math.max(20, Math.round(rate * o.halfSeconds));
  const sent = new Map();
  const submitMs = [];
  const started = performance.now();
  const inFlight = new Set();
  let failures = 0;
  for (let i = 0; i < count; i += 1) {
    const wait = started + (i / rate) * 1000 - performance.now();
    if (wait > 0) await sleep(wait);
    const p = submit(api, tag, i)
      .then((r) => {
        sent.set(r.id, r.sentAt);
        submitMs.push(r.ms);
      })
      .catch(() => (failures += 1))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  const counts = await waitForTasks(db, tag, sent.size * services, o.timeoutSeconds);
  const { rows } = await db.query(
    `SELECT id, extract(epoch FROM completed_at) * 1000 AS at FROM erasure_requests
      WHERE external_id LIKE 'half-%' AND completed_at IS NOT NULL`,
  );
  const latency = rows.map((row) => Number(row.at) - sent.get(row.id)).sort((a, b) => a - b);
  submitMs.sort((a, b) => a - b);
  return {
    ratePerSecond: round(rate),
    requests: count,
    submitFailures: failures,
    // what one client waits for its 201 when arrivals come at a rate the system sustains, not as a flood
    submitP50Ms: round(percentile(submitMs, 50)),
    submitP95Ms: round(percentile(submitMs, 95)),
    completed: rows.length,
    tasksDone: counts.done,
    completionP50Ms: round(percentile(latency, 50)),
    completionP95Ms: round(percentile(latency, 95)),
    completionP99Ms: round(percentile(latency, 99)),
  };
}

const round = (n) => (Number.isFinite(n) ? Number(n.toFixed(n >= 100 ? 0 : 1)) : null);

async function oneServiceCount(services, o, sizes) {
  const names = Array.from({ length: services }, (_, i) => `bench-${i + 1}`);
  say(`\n== end to end, S = ${services}: ${o.requests} requests from ${o.clients} clients ==`);
  const profileEnv = o.cpuProfile ? cpuProfileEnv(`e2e-s${services}`) : undefined;
  const counter = o.countStatements ? statementCounter(services) : undefined;
  const nodeOptions = [profileEnv?.env.NODE_OPTIONS, counter?.env.NODE_OPTIONS].filter(Boolean).join(' ');
  const bench = await lib.benchStack([], {
    ...o.coordinatorEnv,
    ...(profileEnv?.env ?? {}),
    ...(counter && { BENCH_STATEMENT_COUNT_FILE: counter.file }),
    ...(nodeOptions && { NODE_OPTIONS: nodeOptions }),
  });
  const db = new Client({ connectionString: bench.databaseUrls.coordinator });
  let fleet;
  const figures = { services };
  try {
    await db.connect();
    fleet = await startFleet(lib.sdkFleetConfig(bench, names));
    await lib.waitForServices(bench.api, names);
    const coordinatorPid = bench.stack.apps.coordinator.child.pid;
    figures.sustained = await sustained(bench.api, db, o, services, coordinatorPid, counter);
    say(`  sustained: ${JSON.stringify(figures.sustained)}`);
    const requestRate =
      (figures.sustained.steadyTasksPerSecond ?? figures.sustained.tasksPerSecond) / services;
    figures.half = await atRate(bench.api, db, o, services, requestRate / 2);
    say(`  half load: ${JSON.stringify(figures.half)}`);
    figures.coordinatorMemory = lib.memoryOf(bench.stack.apps.coordinator.child.pid);
    if (!sizes.sampled) Object.assign(sizes, await sampleMessageSizes(bench, names[0]), { sampled: true });
  } finally {
    await fleet?.exit();
    await db.end().catch(() => {});
    await bench.cleanup();
    counter?.cleanup();
  }
  if (profileEnv) figures.profile = summariseProfiles(profileEnv.dir);
  figures.raw = await rawBusLoop({
    brokers: bench.brokers,
    consumers: services,
    messages: o.rawMessages,
    sizes,
  });
  say(`  raw bus: ${JSON.stringify(figures.raw)}`);
  figures.ratioToRaw = Number(
    (
      (figures.sustained.steadyTasksPerSecond ?? figures.sustained.tasksPerSecond) /
      figures.raw.repliesPerSecond
    ).toFixed(4),
  );
  return figures;
}

async function run() {
  const o = options();
  const sizes = { commandBytes: 900, resultBytes: 700 };
  const rows = [];
  for (const services of o.serviceCounts) {
    const figures = await oneServiceCount(services, o, sizes);
    rows.push(figures);
    lib.recordResult(
      'end-to-end',
      'npm run bench -- e2e',
      { ...figures, messageSizes: sizes, options: o },
      COLUMNS,
    );
  }
  say(
    '\nS  | tasks/s (steady) | raw replies/s | ratio | submit p50/p95 ms | half-load p50/p95/p99 ms | half-load submit p50/p95 ms | coordinator CPU ms/request',
  );
  for (const f of rows) {
    say(
      `${String(f.services).padEnd(2)} | ${f.sustained.steadyTasksPerSecond} | ${f.raw.repliesPerSecond} | ${f.ratioToRaw} | ` +
        `${f.sustained.submitP50Ms}/${f.sustained.submitP95Ms} | ${f.half.completionP50Ms}/${f.half.completionP95Ms}/${f.half.completionP99Ms} | ` +
        `${f.half.submitP50Ms}/${f.half.submitP95Ms} | ${f.sustained.coordinatorCpuMsPerRequest}`,
    );
  }
  return rows;
}

const COLUMNS = [
  { key: 'services', label: 'S', format: String },
  { key: 'sustained', label: 'requests', format: (s) => String(s.requests) },
  {
    key: 'sustained',
    label: 'tasks/s steady (overall)',
    format: (s) => `${s.steadyTasksPerSecond} (${s.tasksPerSecond})`,
  },
  { key: 'raw', label: 'raw loop replies/s', format: (r) => String(r.repliesPerSecond) },
  { key: 'ratioToRaw', label: 'ratio to raw', format: String },
  {
    key: 'sustained',
    label: 'submit p50 / p95 ms (50 clients)',
    format: (s) => `${s.submitP50Ms} / ${s.submitP95Ms}`,
  },
  {
    key: 'half',
    label: 'half load req/s: p50 / p95 / p99 ms',
    // the table's columns are fixed by its header: the submit latency at half load (recorded since 2026-12-02)
    // rides in this cell
    format: (h) =>
      `${h.ratePerSecond}: ${h.completionP50Ms} / ${h.completionP95Ms} / ${h.completionP99Ms}` +
      (h.submitP50Ms == null ? '' : ` (submit ${h.submitP50Ms} / ${h.submitP95Ms})`),
  },
  { key: 'coordinatorMemory', label: 'coordinator peak RSS MiB', format: (m) => String(m.peakRssMiB) },
];

module.exports = { run };
