'use strict';
// The request list at scale, kept as its own script (bench/request-list-at-scale.js, also `npm run
// bench:list-at-scale`): run as a child so its figures and result files stay exactly as before.

const path = require('node:path');
const { spawn } = require('node:child_process');
const lib = require('../lib');

async function run() {
  const requests = lib.envInt('BENCH_LIST_REQUESTS', 1_000_000);
  const script = path.join(__dirname, '..', 'request-list-at-scale.js');
  const child = spawn(process.execPath, [script, '--requests', String(requests)], { stdio: 'inherit' });
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`request-list-at-scale exited with ${code}`);
}

module.exports = { run };
