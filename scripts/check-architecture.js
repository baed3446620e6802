#!/usr/bin/env node
// The architecture rules `npm run lint` enforces (and scripts/check-architecture.spec.ts, so `npm test` does too):
//  1. the feature folders of apps/coordinator/src depend on each other in one direction only — no import cycle;
//  2. the pure modules (lifecycles, policies, decisions, the audit chain, the SDK's core/ and protocol/) import no
//     framework or I/O library, and no module that is not pure itself. ESLint enforces the library half through
//     eslint.config.mjs, which reads the same list from here.
// Pure modules are the bottom layer: any folder may use them (config validates the retry policy, a DTO names the
// statuses), and since they import only each other they can close no cycle, so imports of them are not edges.
// It reads imports with TypeScript's own pre-processor (type-only imports count: they couple folders just the same).
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');
const COORDINATOR_SRC = 'apps/coordinator/src';

/** Libraries that mean framework or I/O; a pure module must not import them. */
const IMPURE_IMPORTS = ['@nestjs/*', 'typeorm', 'typeorm/*', 'kafkajs', 'bullmq', 'ioredis', 'pg'];

/** Files (globs relative to the repository root) that must stay pure. */
const PURE_MODULES = [
  'apps/coordinator/src/tasks/task-lifecycle.ts',
  'apps/coordinator/src/requests/request-lifecycle.ts',
  'apps/coordinator/src/retries/retry-policy.ts',
  'apps/coordinator/src/deadlines/deadline-policy.ts',
  'apps/coordinator/src/deadlines/extension-policy.ts',
  'apps/coordinator/src/deadlines/extension-rules.ts',
  'apps/coordinator/src/deadlines/business-days.ts',
  'apps/coordinator/src/deadlines/legal-calendar.ts',
  'apps/coordinator/src/deadlines/escalation-rules.ts',
  'apps/coordinator/src/deadlines/receipt-confirmation-policy.ts',
  'apps/coordinator/src/shredding/shred-policy.ts',
  'apps/coordinator/src/config/database-timeouts.ts',
  'apps/coordinator/src/kafka/ledger-fit.ts',
  'apps/coordinator/src/common/input-inspection.ts',
  'apps/coordinator/src/results/result-decision.ts',
  'apps/coordinator/src/ledger/audit-chain.ts',
  'apps/coordinator/src/timers/timer-jobs.ts',
  'apps/coordinator/src/holds/hold-basis.ts',
  'apps/coordinator/src/receipts/receipt-document.ts',
  'apps/coordinator/src/requests/identity-normalizer.ts',
  'apps/coordinator/src/requests/erasure-request.exception.ts',
  'apps/coordinator/src/common/domain.exception.ts',
  'apps/coordinator/src/common/interval-poller.ts',
  'apps/coordinator/src/common/keyset-cursor.ts',
  'apps/coordinator/src/common/event-loop-slice.ts',
  'apps/coordinator/src/database/unnest-insert.ts',
  'apps/coordinator/src/bulk/bulk-record-reader.ts',
  'apps/coordinator/src/bulk/bulk-progress.ts',
  'apps/sample-services/marketing/src/faults/hung-erasures.ts',
  'libs/deletion-sdk/src/client/key-lanes.ts',
  'libs/deletion-sdk/src/client/partition-progress.ts',
  'libs/deletion-sdk/src/client/publish-batcher.ts',
  'libs/deletion-sdk/src/core/**/*.ts',
  'libs/deletion-sdk/src/protocol/**/*.ts',
];

const SPEC = /\.(spec|integration-spec|e2e-spec)\.ts$/;

function listTypeScript(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listTypeScript(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The file a relative specifier names, or undefined when it is not a TypeScript source of this repository. */
function resolveRelative(file, specifier) {
  const base = path.resolve(path.dirname(file), specifier);
  return [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
}

function repositoryPath(rootDir, file) {
  return path.relative(rootDir, file).split(path.sep).join('/');
}

function isPure(rootDir, file, patterns = PURE_MODULES.map(globToRegExp)) {
  const relative = repositoryPath(rootDir, file);
  return patterns.some((pattern) => pattern.test(relative));
}

function importsOf(file) {
  const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  return importedFiles.map((imported) => imported.fileName);
}

/**
 * The feature-folder dependency graph of a source tree: folder → (folder it imports → the importing file and
 * specifier, as evidence). Files directly in the root (main.ts, app.module.ts: the composition root) and specs
 * (which may wire several features together) are not part of it.
 */
function folderGraph(srcDir, rootDir = ROOT, pureGlobs = PURE_MODULES) {
  const patterns = pureGlobs.map(globToRegExp);
  const graph = new Map();
  for (const file of listTypeScript(srcDir)) {
    const relative = path.relative(srcDir, file);
    const [from, ...rest] = relative.split(path.sep);
    if (rest.length === 0 || SPEC.test(file)) continue;
    if (!graph.has(from)) graph.set(from, new Map());
    for (const specifier of importsOf(file)) {
      if (!specifier.startsWith('.')) continue;
      const resolved = resolveRelative(file, specifier);
      if (resolved && isPure(rootDir, resolved, patterns)) continue;
      const target = path.relative(srcDir, path.resolve(path.dirname(file), specifier));
      const [to, ...inside] = target.split(path.sep);
      if (target.startsWith('..') || inside.length === 0 || to === from) continue;
      const edges = graph.get(from);
      if (!edges.has(to)) edges.set(to, `${path.relative(ROOT, file)} → ${specifier}`);
    }
  }
  return graph;
}

/** Every elementary cycle's strongly connected component (Tarjan), each as a sorted list of folders. */
function findCycles(graph) {
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  const visit = (node) => {
    indices.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of (graph.get(node) ?? new Map()).keys()) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), indices.get(next)));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indices.has(node)) visit(node);
  return components;
}

/** A glob of the PURE_MODULES kind as a regular expression (`**` any folders, `*` within one name). */
function globToRegExp(glob) {
  const pattern = glob
    .split('**/')
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
    .join('(?:.*/)?');
  return new RegExp(`^${pattern}$`);
}

function isImpure(specifier) {
  return IMPURE_IMPORTS.some((banned) =>
    banned.endsWith('/*') ? specifier.startsWith(banned.slice(0, -1)) : specifier === banned,
  );
}

/** Imports in pure modules of framework or I/O libraries, or of modules that are not pure: "file → specifier". */
function impureImports(rootDir, pureGlobs = PURE_MODULES) {
  const patterns = pureGlobs.map(globToRegExp);
  const problems = [];
  for (const file of [
    ...listTypeScript(path.join(rootDir, 'apps')),
    ...listTypeScript(path.join(rootDir, 'libs')),
  ]) {
    if (SPEC.test(file) || !isPure(rootDir, file, patterns)) continue;
    for (const specifier of importsOf(file)) {
      const resolved = specifier.startsWith('.') ? resolveRelative(file, specifier) : undefined;
      const impure = resolved ? !isPure(rootDir, resolved, patterns) : isImpure(specifier);
      if (impure) problems.push(`${repositoryPath(rootDir, file)} → ${specifier}`);
    }
  }
  return problems;
}

/** The dependency order of an acyclic graph, lowest layer first (each folder only imports folders before it). */
function layers(graph) {
  const placed = new Map();
  const depth = (node, seen = new Set()) => {
    if (placed.has(node)) return placed.get(node);
    if (seen.has(node)) return 0;
    seen.add(node);
    const deps = [...(graph.get(node) ?? new Map()).keys()];
    const value = deps.length === 0 ? 0 : 1 + Math.max(...deps.map((dep) => depth(dep, seen)));
    placed.set(node, value);
    return value;
  };
  const result = [];
  for (const node of graph.keys()) {
    const level = depth(node);
    (result[level] ??= []).push(node);
  }
  return result.map((level) => (level ?? []).sort());
}

/**
 * Imports of the SDK's root entry by the coordinator's sources: it must use the subpaths (`/protocol`, `/client`,
 * `/nest`), since the root also loads the Nest module and the test harness. "file → specifier".
 */
function sdkRootImports(rootDir) {
  const problems = [];
  for (const file of listTypeScript(path.join(rootDir, COORDINATOR_SRC))) {
    if (SPEC.test(file)) continue;
    for (const specifier of importsOf(file)) {
      if (specifier === '@lethe/deletion-sdk')
        problems.push(`${repositoryPath(rootDir, file)} → ${specifier}`);
    }
  }
  return problems;
}

function main(argv) {
  const graph = folderGraph(path.join(ROOT, COORDINATOR_SRC));
  if (argv.includes('--graph')) {
    for (const [from, edges] of [...graph].sort())
      console.log(`${from} → ${[...edges.keys()].sort().join(', ')}`);
    console.log('layers, lowest first:');
    for (const [level, nodes] of layers(graph).entries()) console.log(`  ${level}: ${nodes.join(', ')}`);
  }
  let failed = false;
  for (const cycle of findCycles(graph)) {
    failed = true;
    console.error(`import cycle between feature folders: ${cycle.join(' ⇄ ')}`);
    for (const from of cycle) {
      for (const [to, evidence] of graph.get(from)) if (cycle.includes(to)) console.error(`  ${evidence}`);
    }
  }
  for (const problem of impureImports(ROOT)) {
    failed = true;
    console.error(`pure module imports a framework, an I/O library or a module that is not pure: ${problem}`);
  }
  for (const problem of sdkRootImports(ROOT)) {
    failed = true;
    console.error(
      `the coordinator imports the SDK's root entry, not a subpath such as /protocol: ${problem}`,
    );
  }
  return failed ? 1 : 0;
}

module.exports = {
  IMPURE_IMPORTS,
  PURE_MODULES,
  folderGraph,
  findCycles,
  impureImports,
  layers,
  sdkRootImports,
};

if (require.main === module) process.exitCode = main(process.argv.slice(2));
