/**
 * Checks every string and key of a decoded request input (body, query or path parameter) for what PostgreSQL or
 * the validators downstream cannot take: a NUL character (text columns refuse it, as a 500 if it gets that far)
 * and nesting deep enough to exhaust the stack of recursive validators. Iterative, so any depth is safe here.
 */
export interface InputProblem {
  /** Where, as a path of field names and indexes; names that do not look like field names are left out. */
  path: string;
  reason: 'nul' | 'depth';
}

export const MAX_INPUT_DEPTH = 32;
const NUL = '\u0000';
/** Only plain field names go into an error message: a key the client made up could itself be personal data. */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function inspectInput(value: unknown, maxDepth = MAX_INPUT_DEPTH): InputProblem | undefined {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (pending.length > 0) {
    const { value: current, path, depth } = pending.pop()!;
    if (typeof current === 'string') {
      if (current.includes(NUL)) return { path, reason: 'nul' };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) return { path, reason: 'depth' };
    if (Array.isArray(current)) {
      current.forEach((item, index) =>
        pending.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }),
      );
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      const child = join(path, key);
      if (key.includes(NUL)) return { path: child, reason: 'nul' };
      pending.push({ value: item, path: child, depth: depth + 1 });
    }
  }
  return undefined;
}

function join(path: string, key: string): string {
  const name = FIELD_NAME.test(key) ? key : '…';
  return path ? `${path}.${name}` : name;
}

/** The 400 message for a problem found in `where` ("body", "query" or "path parameter"); never the value. */
export function describeInputProblem(where: string, problem: InputProblem): string {
  const at = problem.path ? `${where} ${problem.path}` : where;
  return problem.reason === 'nul'
    ? `${at} must not contain a NUL character (\\u0000)`
    : `${at} is nested deeper than ${MAX_INPUT_DEPTH} levels`;
}
