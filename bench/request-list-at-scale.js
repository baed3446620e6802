#!/usr/bin/env node
'use strict';
// `npm run bench:list-at-scale [-- --requests N]`: how the request list, its filters and the dashboard statistics
// behave over a large ledger. Seeds N requests (default 1,000,000) with four tasks each straight into a scratch
// coordinator database (migrated by the real coordinator), then times the real HTTP API: first page, a page deep
// in the list reached by cursor, each filter, lookup by external id, and /v1/stats.

const { Client } = require('pg');
const { benchStack, percentile, recordResult, say } = require('./lib');

function arg(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const SEED_SQL = `
  INSERT INTO erasure_requests (id, external_id, regulation, status, submitted_at, due_at, initial_due_at,
                                completed_at, identity_hashes, created_by, updated_at)
  SELECT gen_random_uuid(), 'bench-' || g,
         CASE WHEN g % 3 = 0 THEN 'ccpa' ELSE 'gdpr' END,
         CASE WHEN g % 50 = 0 THEN 'needs_attention' WHEN g % 10 = 0 THEN 'in_progress' ELSE 'completed' END,
         now() - (g % 400) * interval '1 day' - (g % 86400) * interval '1 second',
         now() - (g % 400) * interval '1 day' + interval '30 days',
         now() - (g % 400) * interval '1 day' + interval '30 days',
         CASE WHEN g % 10 <> 0 THEN now() - (g % 400) * interval '1 day' + interval '2 hours' END,
         '[]'::jsonb, 'bench', now() - (g % 400) * interval '1 day'
    FROM generate_series($1::int, $2::int) AS g`;

const TASKS_SQL = `
  INSERT INTO erasure_tasks (id, request_id, service, status, attempts, dispatched_at, completed_at, updated_at)
  SELECT gen_random_uuid(), r.id, s.service,
         CASE WHEN r.status = 'completed' THEN 'deleted' WHEN r.status = 'needs_attention' AND s.service = 'cart'
              THEN 'failed' ELSE 'dispatched' END,
         1, r.submitted_at, r.completed_at, r.updated_at
    FROM erasure_requests r CROSS JOIN (VALUES ('accounts'), ('orders'), ('cart'), ('marketing')) AS s(service)
   WHERE r.external_id LIKE 'bench-%' AND r.submitted_at >= $1 AND r.submitted_at < $2`;

async function timeIt(api, route, repeat = 15) {
  const samples = [];
  let last;
  for (let i = 0; i < repeat; i += 1) {
    const t0 = process.hrtime.bigint();
    last = await api('GET', route);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (last.status !== 200) throw new Error(`${route}: HTTP ${last.status} ${JSON.stringify(last.body)}`);
  }
  samples.sort((a, b) => a - b);
  return {
    p50: Number(percentile(samples, 50).toFixed(1)),
    p95: Number(percentile(samples, 95).toFixed(1)),
    last,
  };
}

async function main() {
  const requests = arg('requests', 1_000_000);
  say(`request list at scale: ${requests.toLocaleString('en')} requests × 4 tasks`);
  const { api, databaseUrls, cleanup } = await benchStack([]);
  const db = new Client({ connectionString: databaseUrls.coordinator });
  await db.connect();
  try {
    const started = Date.now();
    const chunk = 100_000;
    for (let from = 1; from <= requests; from += chunk) {
      await db.query(SEED_SQL, [from, Math.min(requests, from + chunk - 1)]);
      process.stdout.write(
        `\r  seeding requests ${Math.min(requests, from + chunk - 1).toLocaleString('en')}`,
      );
    }
    say('');
    const bounds = await db.query(
      `SELECT min(submitted_at) AS lo, max(submitted_at) AS hi FROM erasure_requests`,
    );
    const lo = new Date(bounds.rows[0].lo).getTime();
    const hi = new Date(bounds.rows[0].hi).getTime() + 1;
    const step = Math.ceil((hi - lo) / 20);
    for (let t = lo, i = 1; t < hi; t += step, i += 1) {
      await db.query(TASKS_SQL, [new Date(t), new Date(Math.min(hi, t + step))]);
      process.stdout.write(`\r  seeding tasks ${i}/20`);
    }
    await db.query('ANALYZE erasure_requests; ANALYZE erasure_tasks');
    say(`\n  seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);

    const figures = { requests };
    figures.firstPage = await timeIt(api, '/v1/erasure-requests?limit=50');
    let cursor = figures.firstPage.last.body.nextCursor;
    for (let page = 1; page < 200 && cursor; page += 1) {
      cursor = (await api('GET', `/v1/erasure-requests?limit=50&cursor=${cursor}`)).body.nextCursor;
    }
    figures.page200 = await timeIt(api, `/v1/erasure-requests?limit=50&cursor=${cursor}`);
    figures.statusFilter = await timeIt(api, '/v1/erasure-requests?status=needs_attention&limit=50');
    figures.overdueFilter = await timeIt(api, '/v1/erasure-requests?overdue=true&limit=50');
    figures.byExternalId = await timeIt(api, `/v1/erasure-requests?q=bench-${Math.floor(requests / 2)}`);
    figures.stats = await timeIt(api, '/v1/stats', 5);
    for (const value of Object.values(figures)) if (value && typeof value === 'object') delete value.last;
    say(JSON.stringify(figures, null, 2));
    const ms = (f) => `${f.p50} / ${f.p95}`;
    recordResult('request-list-at-scale', 'npm run bench:list-at-scale', figures, [
      { key: 'requests', label: 'requests', format: (n) => n.toLocaleString('en') },
      { key: 'firstPage', label: 'first page ms (p50 / p95)', format: ms },
      { key: 'page200', label: 'page 200 ms', format: ms },
      { key: 'statusFilter', label: 'status filter ms', format: ms },
      { key: 'overdueFilter', label: 'overdue filter ms', format: ms },
      { key: 'byExternalId', label: 'external id ms', format: ms },
      { key: 'stats', label: '/v1/stats ms', format: ms },
    ]);
  } finally {
    await db.end();
    await cleanup();
  }
}

main().catch((error) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
