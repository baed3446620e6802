'use strict';
// The audit ledger: appends per second through the coordinator's own LedgerRepository (one event per transaction,
// and batched over many streams in one transaction, as the batch-first paths do), then the time GET /v1/audit/verify
// takes over a ledger of N events (1,000,000 by default). The bulk of the N is seeded straight into PostgreSQL as
// streams of five chained events, sealed with the coordinator's own sealEvents, so the verifier has real chains.

require('reflect-metadata');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const lib = require('../lib');

const { say } = lib;
const DIST = path.join(__dirname, '..', '..', 'dist', 'apps', 'coordinator', 'src');
const { DataSource } = require('typeorm');
const { dataSourceOptions } = require(path.join(DIST, 'database', 'data-source-options.js'));
const { LedgerRepository } = require(path.join(DIST, 'ledger', 'ledger.repository.js'));
const { sealEvents, GENESIS_HEAD } = require(path.join(DIST, 'ledger', 'audit-chain.js'));

function options() {
  return {
    events: lib.envInt('BENCH_LEDGER_EVENTS', 1_000_000),
    appends: lib.envInt('BENCH_LEDGER_APPENDS', 5000),
    concurrency: lib.envInt('BENCH_LEDGER_CONCURRENCY', 10),
    batch: lib.envInt('BENCH_LEDGER_BATCH', 500),
  };
}

const event = (i) => ({
  type: 'task.completed',
  actor: 'service:bench',
  data: { service: `bench-${i % 5}`, outcome: 'not_found', attempt: 1, recordsAffected: 0 },
});

async function appendsPerSecond(dataSource, o) {
  const ledger = new LedgerRepository(dataSource);
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < o.appends) {
      const i = next++;
      await dataSource.transaction((manager) =>
        ledger.append(manager, `request:${randomUUID()}`, [event(i)], new Date()),
      );
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const single = o.appends / ((performance.now() - t0) / 1000);
  const t1 = performance.now();
  for (let done = 0; done < o.appends; done += o.batch) {
    const appends = Array.from({ length: Math.min(o.batch, o.appends - done) }, (_, i) => ({
      stream: `request:${randomUUID()}`,
      events: [event(done + i)],
    }));
    await dataSource.transaction((manager) => ledger.appendToStreams(manager, appends, new Date()));
  }
  const batched = o.appends / ((performance.now() - t1) / 1000);
  return { onePerTransaction: Math.round(single), batchedPerTransaction: Math.round(batched) };
}

/** Seeds streams of five events until the ledger holds `total` events. */
async function seed(dataSource, total) {
  const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM audit_events');
  const perStream = 5;
  const at = new Date(Date.now() - 86_400_000);
  let remaining = total - count;
  const started = Date.now();
  while (remaining > 0) {
    const cols = { stream: [], seq: [], type: [], at: [], actor: [], data: [], prev: [], hash: [] };
    const heads = { stream: [], seq: [], hash: [] };
    for (let s = 0; s < 2000 && remaining > 0; s += 1) {
      const stream = `request:${randomUUID()}`;
      const n = Math.min(perStream, remaining);
      const sealed = sealEvents(
        stream,
        GENESIS_HEAD,
        Array.from({ length: n }, (_, i) => event(i + 1)),
        at,
      );
      for (const e of sealed.events) {
        const values = [e.stream, e.seq, e.type, e.at, e.actor, JSON.stringify(e.data), e.prevHash, e.hash];
        Object.values(cols).forEach((column, c) => column.push(values[c]));
      }
      const prevHash = sealed.head.hash;
      heads.stream.push(stream);
      heads.seq.push(n);
      heads.hash.push(prevHash);
      remaining -= n;
    }
    await dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO audit_events (stream, seq, type, at, actor, data, prev_hash, hash)
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::timestamptz[], $5::text[], $6::jsonb[],
                              $7::text[], $8::text[])`,
        Object.values(cols),
      );
      await manager.query(
        `INSERT INTO audit_streams (stream, head_seq, head_hash) SELECT * FROM unnest($1::text[], $2::int[], $3::text[])`,
        Object.values(heads),
      );
    });
    process.stdout.write(`\r  seeding audit events: ${(total - remaining).toLocaleString('en')}`);
  }
  say('');
  await dataSource.query('ANALYZE audit_events; ANALYZE audit_streams');
  return Math.round((Date.now() - started) / 1000);
}

async function run() {
  const o = options();
  say(`ledger: ${o.appends} appends each way, then verify ${o.events.toLocaleString('en')} events`);
  const bench = await lib.benchStack([]);
  const dataSource = await new DataSource(dataSourceOptions(bench.databaseUrls.coordinator)).initialize();
  const figures = { events: o.events };
  try {
    figures.appendsPerSecond = await appendsPerSecond(dataSource, o);
    say(`  appends/s: ${JSON.stringify(figures.appendsPerSecond)}`);
    figures.seedSeconds = await seed(dataSource, o.events);
    const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM audit_events');
    figures.eventsInLedger = count;
    const t0 = performance.now();
    const { status, body } = await bench.api('GET', '/v1/audit/verify');
    figures.verifySeconds = Number(((performance.now() - t0) / 1000).toFixed(2));
    if (status !== 200) throw new Error(`verify: HTTP ${status} ${JSON.stringify(body)}`);
    figures.verify = { ...body, broken: undefined };
    figures.coordinatorPeakRssMiB = lib.memoryOf(bench.stack.apps.coordinator.child.pid).peakRssMiB;
  } finally {
    await dataSource.destroy();
    await bench.cleanup();
  }
  say(JSON.stringify(figures, null, 2));
  lib.recordResult('ledger', 'npm run bench -- ledger', figures, [
    {
      key: 'appendsPerSecond',
      label: 'appends/s, 1 per tx (10 in parallel)',
      format: (a) => String(a.onePerTransaction),
    },
    {
      key: 'appendsPerSecond',
      label: 'appends/s, batched per tx',
      format: (a) => String(a.batchedPerTransaction),
    },
    { key: 'eventsInLedger', label: 'events verified', format: (n) => n.toLocaleString('en') },
    { key: 'verifySeconds', label: 'verify s', format: String },
    { key: 'verify', label: 'valid', format: (v) => String(v.valid) },
    { key: 'coordinatorPeakRssMiB', label: 'coordinator peak RSS MiB', format: String },
  ]);
}

module.exports = { run, seed };
