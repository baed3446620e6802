/**
 * A deliberately tiny structural validator, so the protocol has no runtime dependency and every rejection names
 * the offending field (`subject.identities[0].type: expected one of …`).
 */

export type Check = (value: unknown, path: string, issues: string[]) => void;

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

export function str(opts: { min?: number; max?: number; pattern?: RegExp } = {}): Check {
  const { min = 1, max = 1024, pattern } = opts;
  return (value, path, issues) => {
    if (typeof value !== 'string')
      return void issues.push(`${path}: expected string, got ${describe(value)}`);
    if (value.length < min) return void issues.push(`${path}: must have at least ${min} characters`);
    if (value.length > max) return void issues.push(`${path}: must have at most ${max} characters`);
    if (pattern && !pattern.test(value)) issues.push(`${path}: must match ${pattern.source}`);
  };
}

export function int(opts: { min?: number; max?: number } = {}): Check {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = opts;
  return (value, path, issues) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      return void issues.push(`${path}: expected integer, got ${describe(value)}`);
    }
    if (value < min || value > max) issues.push(`${path}: must be between ${min} and ${max}`);
  };
}

export const bool: Check = (value, path, issues) => {
  if (typeof value !== 'boolean') issues.push(`${path}: expected boolean, got ${describe(value)}`);
};

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Date.parse rolls impossible dates over (`2024-02-30` becomes 1 March, `T24:00` the next day), so the fields are
 * range-checked here: a deadline that silently moves is worse than a rejected message.
 */
function isRealInstant(text: string): boolean {
  const match = ISO_INSTANT.exec(text);
  if (!match) return false;
  // every command carries two instants: read the groups in place rather than through a copied, mapped array
  const field = (group: number) => (match[group] === undefined ? 0 : Number(match[group]));
  const year = field(1);
  const month = field(2);
  const day = field(3);
  const hour = field(4);
  const minute = field(5);
  const second = field(6);
  const offsetHour = field(7);
  const offsetMinute = field(8);
  if (month < 1 || month > 12 || day < 1) return false;
  const monthLength = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (day > monthLength || hour > 23 || minute > 59 || second > 59) return false;
  if (offsetHour > 23 || offsetMinute > 59) return false;
  return !Number.isNaN(Date.parse(text));
}

export const isoInstant: Check = (value, path, issues) => {
  if (typeof value !== 'string' || !isRealInstant(value)) {
    issues.push(`${path}: expected an ISO-8601 timestamp`);
  }
};

export function oneOf(allowed: readonly unknown[]): Check {
  return (value, path, issues) => {
    if (!allowed.includes(value)) issues.push(`${path}: expected one of ${allowed.map(String).join(', ')}`);
  };
}

export function array(item: Check, opts: { min?: number; max?: number } = {}): Check {
  const { min = 0, max = 1000 } = opts;
  return (value, path, issues) => {
    if (!Array.isArray(value)) return void issues.push(`${path}: expected array, got ${describe(value)}`);
    if (value.length < min) return void issues.push(`${path}: must have at least ${min} item(s)`);
    if (value.length > max) return void issues.push(`${path}: must have at most ${max} items`);
    value.forEach((element, index) => item(element, `${path}[${index}]`, issues));
  };
}

/** Keys marked optional may be absent or undefined; unknown keys are rejected so typos surface. */
export function object(shape: Record<string, Check>, optional: readonly string[] = []): Check {
  // worked out once per schema, not once per message
  const fields = Object.entries(shape);
  const isOptional = new Set(optional);
  return (value, path, issues) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return void issues.push(`${path}: expected object, got ${describe(value)}`);
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      // hasOwn, not `in`: inherited names such as "constructor" or "__proto__" are unknown fields too.
      if (!Object.hasOwn(shape, key)) issues.push(`${join(path, key)}: unknown field`);
    }
    for (const [key, check] of fields) {
      if (record[key] === undefined) {
        if (!isOptional.has(key)) issues.push(`${join(path, key)}: is required`);
        continue;
      }
      check(record[key], join(path, key), issues);
    }
  };
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export function validate(check: Check, value: unknown): string[] {
  const issues: string[] = [];
  check(value, '', issues);
  return issues;
}
