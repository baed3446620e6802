#!/usr/bin/env node
'use strict';
// `npm run lockfile`: completes package-lock.json with the platform-specific optional packages this machine's
// registry does not serve (e.g. @swc/core-darwin-arm64). npm 11 leaves them out of a lockfile it writes here,
// then `npm ci` rejects that very lockfile as out of sync (npm/cli#9846). Each added entry names its platform, so
// npm ci skips it on other platforms instead of fetching it, exactly as with a lockfile written elsewhere.

const fs = require('node:fs');
const path = require('node:path');

const LOCKFILE = path.join(__dirname, '..', 'package-lock.json');
const OSES = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openharmony', 'sunos', 'aix'];
const CPUS = {
  x64: 'x64',
  arm64: 'arm64',
  ia32: 'ia32',
  arm: 'arm',
  ppc64: 'ppc64',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
};

/** Reads os, cpu and libc off names such as `@swc/core-linux-arm-gnueabihf` or `...-linux-x64-musl`. */
function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((part) => OSES.includes(part));
  const cpu = parts.map((part) => CPUS[part]).find(Boolean);
  if (!os || !cpu) return undefined;
  const entry = { os: [os], cpu: [cpu] };
  if (os === 'linux') {
    if (parts.some((part) => part.startsWith('musl'))) entry.libc = ['musl'];
    else if (parts.some((part) => part.startsWith('gnu'))) entry.libc = ['glibc'];
  }
  return entry;
}

function complete(lock) {
  const added = [];
  for (const [location, pkg] of Object.entries(lock.packages)) {
    for (const [name, spec] of Object.entries(pkg.optionalDependencies ?? {})) {
      const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
      const hoisted = `node_modules/${name}`;
      if (lock.packages[nested] || lock.packages[hoisted]) continue;
      const platform = platformOf(name);
      if (!platform || !/^\d+\.\d+\.\d+/.test(spec)) continue;
      lock.packages[hoisted] = { version: spec, optional: true, ...platform };
      added.push(`${name}@${spec}`);
    }
  }
  lock.packages = Object.fromEntries(
    Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
  );
  return added;
}

const lock = JSON.parse(fs.readFileSync(LOCKFILE, 'utf8'));
const added = complete(lock);
fs.writeFileSync(LOCKFILE, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(
  added.length ? `added ${added.length} platform entries:\n  ${added.join('\n  ')}\n` : 'lockfile complete\n',
);
