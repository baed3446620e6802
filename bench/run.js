#!/usr/bin/env node
'use strict';
// `npm run bench [-- scenario ...]`: runs the named scenarios (all when none is named), one after another, each
// against its own freshly started coordinator. Never part of `npm test`. Every scenario prints a table and appends
// JSON and a markdown row to bench/results/. Sizes come from BENCH_* variables (see bench/README.md);
// BENCH_QUICK=1 sets small ones for a run of a few minutes.

const { say } = require('./lib');

const SCENARIOS = {
  e2e: () => require('./scenarios/end-to-end').run(),
  fanout: () => require('./scenarios/sync-fanout').run(),
  bulk: () => require('./scenarios/bulk').run(),
  ledger: () => require('./scenarios/ledger').run(),
  list: () => require('./scenarios/list-at-scale').run(),
  sdk: () => require('./scenarios/sdk-consume').run(),
};

/** The quick run's sizes; any BENCH_* variable set explicitly wins. */
const QUICK = {
  BENCH_SERVICES: '1,5,20',
  BENCH_E2E_REQUESTS: '600',
  BENCH_HALF_SECONDS: '20',
  BENCH_RAW_MESSAGES: '20000',
  BENCH_FANOUT_REQUESTS: '200',
  BENCH_BULK_SUBJECTS: '2000',
  BENCH_LEDGER_EVENTS: '1000000',
  BENCH_LEDGER_APPENDS: '3000',
  BENCH_LIST_REQUESTS: '200000',
};

async function main() {
  const names = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = names.filter((name) => !SCENARIOS[name]);
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown scenario ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}\n`,
    );
    process.exit(2);
  }
  if (process.env.BENCH_QUICK === '1') {
    for (const [key, value] of Object.entries(QUICK)) process.env[key] ??= value;
  }
  const started = Date.now();
  for (const name of names.length > 0 ? names : Object.keys(SCENARIOS)) {
    say(`\n######## ${name} ########`);
    await SCENARIOS[name]();
  }
  say(`\nbench finished in ${Math.round((Date.now() - started) / 1000)} s`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
