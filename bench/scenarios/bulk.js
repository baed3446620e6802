'use strict';
// Bulk erasure: N subjects (100,000 by default) × 5 SDK services, time until every request is completed, and the
// coordinator's peak RSS (VmHWM from /proc). Through `POST /v1/erasure-requests/bulk` (a streamed NDJSON body) when
// the coordinator has that route; otherwise through the single-request API from 50 clients, said so in the output.
// Bounded by BENCH_BULK_TIMEOUT_S: what completed by then is reported with the rate and the extrapolated total.

const { Readable } = require('node:stream');
const { Client } = require('pg');
const lib = require('../lib');
const { startFleet } = require('../fleet');
const { cpuProfileEnv, summariseProfiles } = require('../profile-summary');

const { say, sleep } = lib;

function options() {
  return {
    subjects: lib.envInt('BENCH_BULK_SUBJECTS', 100_000),
    services: lib.envInt('BENCH_BULK_SERVICES', 5),
    clients: lib.envInt('BENCH_CLIENTS', 50),
    timeoutSeconds: lib.envInt('BENCH_BULK_TIMEOUT_S', 900),
    // the bulk route's query string; the route is new, so this is overridable rather than assumed forever
    bulkQuery: process.env.BENCH_BULK_QUERY ?? 'regulation=gdpr',
  };
}

// the line shape of the bulk route (README, "Bulk erasure"): { externalId?, subject: { identities } }
const line = (i) =>
  `${JSON.stringify({
    externalId: `bulk-${i}`,
    subject: { identities: [{ type: 'email', value: `bulk-${i}@example.org` }] },
  })}\n`;

function ndjson(subjects) {
  let i = 0;
  return Readable.from(
    (function* lines() {
      // 1,000 lines per chunk: the client streams, neither side needs the file in memory
      while (i < subjects) {
        let chunk = '';
        for (let n = 0; n < 1000 && i < subjects; n += 1) chunk += line(i++);
        yield chunk;
      }
    })(),
  );
}

async function bulkRoute(bench, o) {
  const url = `${bench.stack.url('coordinator')}/v1/erasure-requests/bulk?${o.bulkQuery}`;
  const headers = { authorization: `Bearer ${bench.adminApiKey}`, 'content-type': 'application/x-ndjson' };
  const probe = await fetch(url, { method: 'POST', headers, body: '' });
  const text = await probe.text();
  if (probe.status === 404 && /Cannot POST/.test(text)) return { present: false };
  const response = await fetch(url, { method: 'POST', headers, body: ndjson(o.subjects), duplex: 'half' });
  const body = await response.text();
  if (response.status !== 202)
    return { present: true, refused: `HTTP ${response.status} ${body.slice(0, 300)}` };
  return { present: true, job: JSON.parse(body) };
}

async function singleRequests(bench, o) {
  let next = 0;
  const failures = {};
  const client = async () => {
    while (next < o.subjects) {
      const i = next++;
      const { status } = await bench.api('POST', '/v1/erasure-requests', {
        regulation: 'gdpr',
        externalId: `bulk-${i}`,
        subject: { identities: [{ type: 'email', value: `bulk-${i}@example.org` }] },
      });
      if (status !== 201) failures[status] = (failures[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: o.clients }, client));
  return failures;
}

async function run() {
  const o = options();
  say(`bulk: ${o.subjects.toLocaleString('en')} subjects × ${o.services} services`);
  const names = Array.from({ length: o.services }, (_, i) => `bulk-${i + 1}`);
  const profile = process.env.BENCH_CPU_PROF === '1' ? cpuProfileEnv('bulk') : undefined;
  const bench = await lib.benchStack([], profile?.env);
  const db = new Client({ connectionString: bench.databaseUrls.coordinator });
  const pid = bench.stack.apps.coordinator.child.pid;
  let fleet;
  const figures = { subjects: o.subjects, services: o.services };
  try {
    await db.connect();
    fleet = await startFleet(lib.sdkFleetConfig(bench, names));
    await lib.waitForServices(bench.api, names);
    figures.rssBeforeMiB = lib.memoryOf(pid).rssMiB;
    const started = Date.now();
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, lib.memoryOf(pid).rssMiB || 0)), 200);
    const bulk = await bulkRoute(bench, o);
    if (bulk.job) {
      figures.via = 'POST /v1/erasure-requests/bulk (NDJSON)';
      figures.bulkJob = bulk.job;
    } else {
      figures.via = 'POST /v1/erasure-requests, 50 clients';
      figures.bulkRoute = bulk.present
        ? `present but refused the benchmark's body: ${bulk.refused}`
        : 'absent (404)';
      say(`  bulk route ${figures.bulkRoute}: measuring through the single-request API instead`);
      figures.submitFailures = await singleRequests(bench, o);
    }
    figures.acceptSeconds = Number(((Date.now() - started) / 1000).toFixed(1));
    let done = { completed: 0, requests: 0 };
    const deadline = started + o.timeoutSeconds * 1000;
    for (;;) {
      const { rows } = await db.query(
        `SELECT count(*) FILTER (WHERE status = 'completed')::int AS completed, count(*)::int AS requests
           FROM erasure_requests`,
      );
      done = rows[0];
      let expected = o.subjects - Object.values(figures.submitFailures ?? {}).reduce((a, b) => a + b, 0);
      if (bulk.job) {
        // a job whose lines were rejected finishes with fewer requests: wait for those, not for the timeout
        const job = await db.query('SELECT status, lines_rejected FROM bulk_jobs WHERE id = $1', [
          bulk.job.id,
        ]);
        if (job.rows[0]?.status === 'done') expected = o.subjects - job.rows[0].lines_rejected;
      }
      if (done.completed >= expected || Date.now() > deadline) break;
      await sleep(1000);
    }
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;
    if (bulk.job?.id)
      figures.bulkProgress = (await bench.api('GET', `/v1/erasure-requests/bulk/${bulk.job.id}`)).body;
    Object.assign(figures, {
      requestsCreated: done.requests,
      completed: done.completed,
      seconds: Number(seconds.toFixed(1)),
      completedPerSecond: Number((done.completed / seconds).toFixed(1)),
      tasksPerSecond: Number(((done.completed * o.services) / seconds).toFixed(1)),
      extrapolatedSecondsFor100k: Math.round((100_000 / done.completed) * seconds),
      peakRssMiB: Math.max(peak, lib.memoryOf(pid).peakRssMiB || 0),
    });
  } finally {
    await fleet?.exit();
    await db.end().catch(() => {});
    await bench.cleanup();
  }
  if (profile) figures.profile = summariseProfiles(profile.dir);
  say(JSON.stringify(figures, null, 2));
  lib.recordResult('bulk', 'npm run bench -- bulk', figures, [
    { key: 'subjects', label: 'subjects', format: (n) => n.toLocaleString('en') },
    { key: 'services', label: 'services', format: String },
    { key: 'via', label: 'through', format: String },
    { key: 'completed', label: 'completed', format: String },
    { key: 'seconds', label: 'seconds', format: String },
    { key: 'tasksPerSecond', label: 'tasks/s', format: String },
    { key: 'extrapolatedSecondsFor100k', label: '100k × S extrapolated (s)', format: String },
    { key: 'peakRssMiB', label: 'coordinator peak RSS MiB', format: String },
  ]);
}

module.exports = { run };
