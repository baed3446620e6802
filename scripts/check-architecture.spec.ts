import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

// plain CommonJS, so that `npm run lint` runs it with node alone
// eslint-disable-next-line @typescript-eslint/no-require-imports
const architecture = require('./check-architecture.js') as {
  folderGraph(srcDir: string, rootDir?: string, pureGlobs?: string[]): Map<string, Map<string, string>>;
  findCycles(graph: Map<string, Map<string, string>>): string[][];
  impureImports(rootDir: string, pureGlobs?: string[]): string[];
  sdkRootImports(rootDir: string): string[];
};

const ROOT = resolve(__dirname, '..');

/** A throwaway source tree: path → content. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'lethe-architecture-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('architecture', () => {
  const made: string[] = [];
  const fixture = (files: Record<string, string>) => {
    const root = tree(files);
    made.push(root);
    return root;
  };
  afterAll(() => made.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it('finds no import cycle between the feature folders of the coordinator', () => {
    const graph = architecture.folderGraph(join(ROOT, 'apps/coordinator/src'));
    expect(graph.size).toBeGreaterThan(10);
    expect(architecture.findCycles(graph)).toEqual([]);
  });

  it('finds the coordinator importing the SDK through subpaths only, never its root entry', () => {
    expect(architecture.sdkRootImports(ROOT)).toEqual([]);
    const root = fixture({
      'apps/coordinator/src/results/result.service.ts':
        "import { ErasureResult } from '@lethe/deletion-sdk';\n",
      'apps/coordinator/src/results/result.service.spec.ts':
        "import { deleted } from '@lethe/deletion-sdk';\n",
      'apps/coordinator/src/kafka/log.ts': "import { kafkaLogLevel } from '@lethe/deletion-sdk/client';\n",
    });
    expect(architecture.sdkRootImports(root)).toEqual([
      'apps/coordinator/src/results/result.service.ts → @lethe/deletion-sdk',
    ]);
  });

  it('finds no framework or I/O import in the pure modules', () => {
    expect(architecture.impureImports(ROOT)).toEqual([]);
  });

  it('fails on a new cycle, however long, and names its folders', () => {
    const src = fixture({
      'src/a/a.service.ts': `import { B } from '../b/b.service';\nexport const A = B;`,
      'src/b/b.service.ts': `import type { C } from '../c/c';\nexport const B = 1 as unknown as C;`,
      'src/c/c.ts': `export { A } from '../a/a.service';\nexport type C = number;`,
      'src/d/d.ts': `import { A } from '../a/a.service';\nexport const D = A;`,
    });
    const graph = architecture.folderGraph(join(src, 'src'), src, []);
    expect(architecture.findCycles(graph)).toEqual([['a', 'b', 'c']]);
  });

  it('accepts one direction, and ignores the composition root and specs', () => {
    const src = fixture({
      'src/app.module.ts': `import { A } from './a/a';\nimport { B } from './b/b';`,
      'src/a/a.ts': `import { B } from '../b/b';\nexport const A = B;`,
      'src/b/b.ts': `export const B = 1;`,
      'src/b/b.integration-spec.ts': `import { A } from '../a/a';`,
    });
    const graph = architecture.folderGraph(join(src, 'src'), src, []);
    expect(architecture.findCycles(graph)).toEqual([]);
    expect([...graph.get('a')!.keys()]).toEqual(['b']);
    expect([...graph.get('b')!.keys()]).toEqual([]);
  });

  it('does not count imports of pure modules, which import only each other', () => {
    const src = fixture({
      'src/a/a.service.ts': `import { rule } from '../b/b-policy';\nexport const A = rule;`,
      'src/b/b-policy.ts': `export const rule = 1;`,
      'src/b/b.service.ts': `import { A } from '../a/a.service';\nexport const B = A;`,
    });
    const graph = architecture.folderGraph(join(src, 'src'), src, ['src/b/b-policy.ts']);
    expect(architecture.findCycles(graph)).toEqual([]);
  });

  it('reports a pure module that imports a framework, an I/O library or a module that is not pure', () => {
    const src = fixture({
      'apps/x/src/p/pure-policy.ts': [
        `import { Injectable } from '@nestjs/common';`,
        `import { Kafka } from 'kafkajs';`,
        `import type { EntityManager } from 'typeorm';`,
        `import { other } from './other-policy';`,
        `import { service } from './p.service';`,
        `import { date } from 'node:util';`,
      ].join('\n'),
      'apps/x/src/p/other-policy.ts': `export const other = 1;`,
      'apps/x/src/p/p.service.ts': `export const service = 1;`,
    });
    expect(architecture.impureImports(src, ['apps/x/src/p/*-policy.ts'])).toEqual([
      'apps/x/src/p/pure-policy.ts → @nestjs/common',
      'apps/x/src/p/pure-policy.ts → kafkajs',
      'apps/x/src/p/pure-policy.ts → typeorm',
      'apps/x/src/p/pure-policy.ts → ./p.service',
    ]);
  });
});
