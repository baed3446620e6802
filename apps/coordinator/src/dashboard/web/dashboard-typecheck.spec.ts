import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';

// The browser scripts are plain JavaScript checked against their JSDoc types by web/tsconfig.json (strict, DOM
// types). The project's own tsconfig does not see them, so this spec is what makes `npm test` (and CI) type-check
// them; `npm run typecheck` runs the same configuration through tsc.
const WEB = __dirname;

/**
 * The web configuration's program, over its own files or over `only`; `previous` lends its parsed files (the DOM
 * library above all) to the new program, which keeps a second one cheap.
 */
function programFor(only?: string[], previous?: ts.Program): ts.Program {
  const configPath = join(WEB, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, WEB);
  return ts.createProgram(only ?? parsed.fileNames, parsed.options, undefined, previous);
}

function report(diagnostics: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => WEB,
    getNewLine: () => '\n',
  });
}

describe('the dashboard’s type-check (web/tsconfig.json)', () => {
  let program: ts.Program;
  beforeAll(() => {
    program = programFor();
  });

  it('covers every browser script of the dashboard', () => {
    const checked = program.getRootFileNames().map((file) => resolve(file));
    const scripts = readdirSync(WEB)
      .filter((name) => name.endsWith('.js'))
      .map((name) => join(WEB, name));
    expect(scripts.length).toBeGreaterThan(10);
    expect(checked.sort()).toEqual(scripts.sort());
  });

  it('finds no type error in them', () => {
    const diagnostics = ts.getPreEmitDiagnostics(program);
    expect(report(diagnostics)).toBe('');
  });

  it('would fail on one: the checker really reads the JavaScript', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lethe-dashboard-typecheck-'));
    try {
      const broken = join(dir, 'broken.js');
      writeFileSync(broken, "// @ts-check\n/** @type {number} */\nexport const count = 'three';\n");
      const diagnostics = ts.getPreEmitDiagnostics(programFor([broken], program));
      expect(report(diagnostics)).toContain("Type 'string' is not assignable to type 'number'");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
