#!/usr/bin/env node
'use strict';
// `npm run bench:throughput [-- --requests N --concurrency C]`: end-to-end erasure throughput across real
// processes — REST submission, outbox, Kafka, the accounts service deleting rows in PostgreSQL, results, ledger.
// Measures submit latency (HTTP) and completion latency (submitted → completed) and overall requests per second.

const { benchStack, percentile, recordResult, say } = require('./lib');

function arg(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

async function main() {
  const requests = arg('requests', 500);
  const concurrency = arg('concurrency', 20);
  say(`erasure throughput: ${requests} requests, ${concurrency} in flight, 1 service (accounts)`);
  const { api, cleanup } = await benchStack(['accounts'], { LETHE_OUTBOX_POLL_INTERVAL_MS: '50' });
  try {
    for (;;) {
      const { body } = await api('GET', '/v1/services');
      if (body.items.some((s) => s.name === 'accounts')) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const submitMs = [];
    const submittedAt = new Map();
    let next = 0;
    const started = Date.now();
    const worker = async () => {
      while (next < requests) {
        const i = next++;
        const t0 = Date.now();
        const { status, body } = await api('POST', '/v1/erasure-requests', {
          regulation: 'gdpr',
          subject: { identities: [{ type: 'email', value: `bench-${i}@example.org` }] },
        });
        if (status !== 201) throw new Error(`submit failed: HTTP ${status} ${JSON.stringify(body)}`);
        submitMs.push(Date.now() - t0);
        submittedAt.set(body.id, Date.parse(body.submittedAt));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const submitDone = Date.now();
    say(`submitted ${requests} in ${((submitDone - started) / 1000).toFixed(1)} s; waiting for completion…`);

    const completionMs = [];
    const pending = new Set(submittedAt.keys());
    let cursor = null;
    while (pending.size > 0) {
      const page = await api(
        'GET',
        `/v1/erasure-requests?status=completed&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const item of page.body.items) {
        if (pending.delete(item.id))
          completionMs.push(Date.parse(item.completedAt) - submittedAt.get(item.id));
      }
      cursor = page.body.nextCursor;
      if (!cursor) {
        if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 250));
        if (Date.now() - submitDone > 300_000)
          throw new Error(`${pending.size} requests did not complete in 5 minutes`);
      }
    }
    const lastCompletion = Math.max(...completionMs);
    const wallSeconds = (Date.now() - started) / 1000;
    submitMs.sort((a, b) => a - b);
    completionMs.sort((a, b) => a - b);
    const figures = {
      requests,
      concurrency,
      wallSeconds: Number(wallSeconds.toFixed(2)),
      throughputPerSecond: Number((requests / wallSeconds).toFixed(1)),
      submitP50Ms: percentile(submitMs, 50),
      submitP95Ms: percentile(submitMs, 95),
      completionP50Ms: percentile(completionMs, 50),
      completionP95Ms: percentile(completionMs, 95),
      completionMaxMs: lastCompletion,
    };
    say(JSON.stringify(figures, null, 2));
    recordResult('erasure-throughput', 'npm run bench:throughput', figures, [
      { key: 'requests', label: 'requests', format: String },
      { key: 'concurrency', label: 'in flight', format: String },
      { key: 'throughputPerSecond', label: 'completed/s', format: String },
      { key: 'submitP50Ms', label: 'submit p50 ms', format: String },
      { key: 'submitP95Ms', label: 'submit p95 ms', format: String },
      { key: 'completionP50Ms', label: 'completion p50 ms', format: String },
      { key: 'completionP95Ms', label: 'completion p95 ms', format: String },
    ]);
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
