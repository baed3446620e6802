import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '..');
const SKIPPED = new Set(['node_modules', 'dist', '.git', '.lethe']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIPPED.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** Inline links and images `[text](target)` and autolinks `<scheme://…>`. */
function linksOf(text: string): string[] {
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]);
  const auto = [...text.matchAll(/<([a-z][a-z0-9+.-]*:\/\/[^>\s]+)>/gi)].map((match) => match[1]);
  return [...inline, ...auto];
}

const LOCAL_URL = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])([:/]|$)/;

/** Why a link leaves the repository, or undefined when it stays inside. */
function problemWith(file: string, target: string): string | undefined {
  if (target.startsWith('#')) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    return LOCAL_URL.test(target) ? undefined : 'points outside the repository';
  }
  const path = resolve(dirname(file), decodeURIComponent(target.split('#')[0]));
  if (path !== ROOT && !path.startsWith(ROOT + sep)) return 'points outside the repository';
  return existsSync(path) ? undefined : 'points at nothing';
}

describe('documentation links', () => {
  const files = markdownFiles(ROOT);

  it('finds the documentation', () => {
    expect(files.map((file) => relative(ROOT, file))).toEqual(
      expect.arrayContaining(['README.md', join('docs', 'architecture.md')]),
    );
  });

  it('links only inside the repository, and only to what exists', () => {
    const problems = files.flatMap((file) =>
      linksOf(readFileSync(file, 'utf8')).flatMap((target) => {
        const problem = problemWith(file, target);
        return problem ? [`${relative(ROOT, file)}: ${target} ${problem}`] : [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('catches a link out of the repository and a link to nothing', () => {
    const readme = join(ROOT, 'README.md');
    expect(problemWith(readme, '../shared/DESIGN.md')).toBe('points outside the repository');
    expect(problemWith(readme, 'https://example.org/x')).toBe('points outside the repository');
    expect(problemWith(readme, 'docs/missing.md')).toBe('points at nothing');
    expect(problemWith(readme, 'docs/architecture.md#the-parts')).toBeUndefined();
    expect(problemWith(readme, 'http://127.0.0.1:3000/dashboard')).toBeUndefined();
  });
});
