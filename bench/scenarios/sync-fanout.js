'use strict';
// The synchronous fan-out Lethe replaces, under one fault: S services, one of them down (connection refused).
// Baseline: every request is fanned out by direct HTTP calls to S small HTTP services (fleet.js, mode `http`),
// each call retried as a careful client would (3 tries, 2 s timeout, 100/200 ms back-off); a request is complete
// only if every service answered. Lethe: the same requests through REST intake with the same service stopped
// (registered, its SDK client stopped); after a window the service comes back and the time to drain is measured.

const { Client } = require('pg');
const lib = require('../lib');
const { startFleet } = require('../fleet');

const { say, sleep, percentile } = lib;

function options() {
  return {
    services: lib.envInt('BENCH_FANOUT_SERVICES', 5),
    requests: lib.envInt('BENCH_FANOUT_REQUESTS', 500),
    clients: lib.envInt('BENCH_CLIENTS', 50),
    downSeconds: lib.envInt('BENCH_FANOUT_DOWN_S', 15),
    timeoutSeconds: lib.envInt('BENCH_E2E_TIMEOUT_S', 300),
  };
}

async function callWithRetry(url, payload) {
  let lastError;
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload,
        signal: AbortSignal.timeout(2000),
      });
      await response.text();
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = error?.cause?.code ?? error?.name ?? String(error);
    }
    if (attempt < 3) await sleep(100 * attempt);
  }
  throw new Error(lastError);
}

async function syncBaseline(o) {
  const fleet = await startFleet({ mode: 'http', count: o.services });
  try {
    const urls = Object.values(fleet.ports).map((port) => `http://127.0.0.1:${port}/erase`);
    await fleet.stop(`http-${o.services - 1}`);
    let next = 0;
    const errors = {};
    const latency = [];
    let completed = 0;
    let partial = 0;
    const started = Date.now();
    const client = async () => {
      while (next < o.requests) {
        const i = next++;
        const payload = JSON.stringify({
          requestId: `sync-${i}`,
          identities: [{ type: 'email', value: `s${i}@example.org` }],
        });
        const t0 = performance.now();
        const outcomes = await Promise.allSettled(urls.map((url) => callWithRetry(url, payload)));
        latency.push(performance.now() - t0);
        const failed = outcomes.filter((outcome) => outcome.status === 'rejected');
        if (failed.length === 0) completed += 1;
        else partial += 1;
        for (const f of failed) errors[f.reason.message] = (errors[f.reason.message] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: o.clients }, client));
    latency.sort((a, b) => a - b);
    return {
      requests: o.requests,
      completed,
      failedAfterPartialErasure: partial,
      errors,
      seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
      latencyP50Ms: Math.round(percentile(latency, 50)),
      latencyP95Ms: Math.round(percentile(latency, 95)),
      afterwards: 'nothing: the caller got an error and must remember and redo each failed request itself',
    };
  } finally {
    await fleet.exit();
  }
}

async function counts(db, down) {
  const { rows } = await db.query(
    `SELECT (SELECT count(*)::int FROM erasure_requests WHERE status = 'completed') AS completed,
            (SELECT count(*)::int FROM erasure_requests) AS requests,
            (SELECT count(*)::int FROM erasure_tasks WHERE completed_at IS NOT NULL) AS "tasksDone",
            (SELECT count(*)::int FROM erasure_tasks WHERE completed_at IS NULL AND service <> $1) AS "liveTasksOpen",
            (SELECT count(*)::int FROM erasure_tasks WHERE completed_at IS NULL AND service = $1) AS "downTasksOpen"`,
    [down],
  );
  return rows[0];
}

async function letheUnderFault(o) {
  const names = Array.from({ length: o.services }, (_, i) => `fanout-${i + 1}`);
  const down = names[names.length - 1];
  const bench = await lib.benchStack([]);
  const db = new Client({ connectionString: bench.databaseUrls.coordinator });
  let fleet;
  try {
    await db.connect();
    fleet = await startFleet(lib.sdkFleetConfig(bench, names));
    await lib.waitForServices(bench.api, names);
    await fleet.stop(down);
    let next = 0;
    let accepted = 0;
    const rejected = {};
    const started = Date.now();
    const client = async () => {
      while (next < o.requests) {
        const i = next++;
        const { status } = await bench.api('POST', '/v1/erasure-requests', {
          regulation: 'gdpr',
          subject: { identities: [{ type: 'email', value: `f${i}@example.org` }] },
        });
        if (status === 201) accepted += 1;
        else rejected[status] = (rejected[status] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: o.clients }, client));
    const submitSeconds = (Date.now() - started) / 1000;
    // the window starts once every request is in: the live services have time to finish theirs
    await sleep(o.downSeconds * 1000);
    const whileDown = await counts(db, down);
    const restartedAt = Date.now();
    await fleet.start(down);
    let after = whileDown;
    while (after.completed < accepted && Date.now() - restartedAt < o.timeoutSeconds * 1000) {
      await sleep(500);
      after = await counts(db, down);
    }
    return {
      requests: o.requests,
      accepted,
      rejected,
      submitSeconds: Number(submitSeconds.toFixed(1)),
      downSeconds: o.downSeconds,
      whileDown,
      completedAfterRestart: after.completed,
      drainSecondsAfterRestart: Number(((Date.now() - restartedAt) / 1000).toFixed(1)),
    };
  } finally {
    await fleet?.exit();
    await db.end().catch(() => {});
    await bench.cleanup();
  }
}

async function run() {
  const o = options();
  say(`sync fan-out vs Lethe: ${o.requests} requests, ${o.services} services, one down`);
  const sync = await syncBaseline(o);
  say(`  sync HTTP fan-out: ${JSON.stringify(sync)}`);
  const lethe = await letheUnderFault(o);
  say(`  Lethe: ${JSON.stringify(lethe)}`);
  say('\n              | completed while down | the rest');
  say(
    `sync fan-out  | ${sync.completed}/${sync.requests} | ${sync.failedAfterPartialErasure} failed after ${o.services - 1} of ${o.services} services erased; lost unless the caller redoes them`,
  );
  say(
    `Lethe         | ${lethe.whileDown.completed}/${lethe.accepted} | ${lethe.whileDown.downTasksOpen} tasks queued in Kafka for the down service (${lethe.whileDown.liveTasksOpen} open elsewhere); ` +
      `${lethe.completedAfterRestart}/${lethe.accepted} completed ${lethe.drainSecondsAfterRestart} s after it came back`,
  );
  lib.recordResult('sync-fanout', 'npm run bench -- fanout', { services: o.services, sync, lethe }, [
    { key: 'services', label: 'S (1 down)', format: String },
    { key: 'sync', label: 'requests', format: (s) => String(s.requests) },
    { key: 'sync', label: 'sync: completed', format: (s) => String(s.completed) },
    {
      key: 'sync',
      label: 'sync: failed (partially erased)',
      format: (s) => String(s.failedAfterPartialErasure),
    },
    { key: 'lethe', label: 'Lethe: accepted', format: (l) => String(l.accepted) },
    { key: 'lethe', label: 'Lethe: completed while down', format: (l) => String(l.whileDown.completed) },
    {
      key: 'lethe',
      label: 'Lethe: tasks open, down / live services',
      format: (l) => `${l.whileDown.downTasksOpen} / ${l.whileDown.liveTasksOpen}`,
    },
    {
      key: 'lethe',
      label: 'Lethe: completed after restart (s)',
      format: (l) => `${l.completedAfterRestart} (${l.drainSecondsAfterRestart})`,
    },
  ]);
}

module.exports = { run };
