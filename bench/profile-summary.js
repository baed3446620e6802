#!/usr/bin/env node
'use strict';
// Where the coordinator's CPU goes: reads the .cpuprofile files `node --cpu-prof` wrote and sums the sampled time
// three ways — by function (self time), by package or Lethe folder (self time), and by the nearest Lethe frame on
// the stack (so time spent inside pg, typeorm or kafkajs is charged to the coordinator code that called it).
// `node bench/profile-summary.js DIR` prints the summary of a directory of profiles.

const fs = require('node:fs');
const path = require('node:path');

const PROFILE_ROOT = path.join(__dirname, 'results', 'profiles');

/**
 * Environment that makes a Node process write a CPU profile into a fresh directory when it exits: what
 * `node --cpu-prof` does, through a preload (cpu-profile-preload.js), because NODE_OPTIONS refuses `--cpu-prof`.
 */
function cpuProfileEnv(name) {
  const dir = path.join(PROFILE_ROOT, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  fs.mkdirSync(dir, { recursive: true });
  const preload = path.join(__dirname, 'cpu-profile-preload.js');
  return { dir, env: { NODE_OPTIONS: `--require ${preload}`, BENCH_CPU_PROF_DIR: dir } };
}

function category(url) {
  if (!url) return 'native / V8';
  if (url.startsWith('node:')) return 'node core';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const lethe = /(?:dist\/)?(apps\/[^/]+\/src\/[^/]+|libs\/[^/]+\/(?:dist|src)\/[^/]+)/.exec(url);
  if (lethe) return lethe[1];
  return 'other';
}

const isLethe = (url) => /\/(apps|libs)\//.test(url ?? '') && !/node_modules/.test(url ?? '');

function summariseProfile(file, top = 15) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
  const functions = new Map();
  const categories = new Map();
  const nearestLethe = new Map();
  let idle = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    const label =
      `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''}`.trim();
    add(functions, `${label} [${category(url)}]`, us);
    add(
      categories,
      /^\((garbage collector|program)\)$/.test(functionName) ? functionName : category(url),
      us,
    );
    let at = id;
    while (at !== undefined && !isLethe(byId.get(at).callFrame.url)) at = parent.get(at);
    const owner =
      at === undefined ? '(no Lethe frame: event loop, I/O callbacks, GC)' : frameName(byId.get(at));
    add(nearestLethe, owner, us);
  }
  const busy = total - idle;
  const rank = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 1000),
        pctOfBusy: Number(((100 * us) / busy).toFixed(1)),
      }));
  return {
    file: path.relative(path.join(__dirname, '..'), file),
    wallSeconds: Number(((profile.endTime - profile.startTime) / 1e6).toFixed(1)),
    busySeconds: Number((busy / 1e6).toFixed(1)),
    idlePct: Number(((100 * idle) / total).toFixed(1)),
    byCategory: rank(categories),
    byNearestLetheFrame: rank(nearestLethe),
    bySelfTime: rank(functions),
  };
}

function frameName(node) {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^.*?\/(apps|libs)\//, '$1/');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

function summariseProfiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => summariseProfile(path.join(dir, name)));
}

function print(summary) {
  const out = (line) => process.stdout.write(`${line}\n`);
  out(
    `${summary.file}: ${summary.wallSeconds} s wall, ${summary.busySeconds} s busy, ${summary.idlePct}% idle`,
  );
  for (const key of ['byCategory', 'byNearestLetheFrame', 'bySelfTime']) {
    out(`  ${key}:`);
    for (const row of summary[key])
      out(`    ${String(row.pctOfBusy).padStart(5)}%  ${row.ms} ms  ${row.name}`);
  }
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: node bench/profile-summary.js DIR\n');
    process.exit(2);
  }
  for (const summary of summariseProfiles(dir)) print(summary);
}

module.exports = { cpuProfileEnv, summariseProfiles, print };
