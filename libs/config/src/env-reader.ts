import { readFileSync } from 'node:fs';

/**
 * Reads and validates environment variables, collecting every problem so a misconfigured deployment fails once,
 * naming each bad variable. Takes the environment as an argument; reads nothing else but `<NAME>_FILE` secrets.
 */
export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Record<string, string | undefined>) {}

  string(name: string, fallback?: string): string {
    const raw = this.env[name]?.trim();
    if (raw) return raw;
    if (fallback !== undefined) return fallback;
    this.problems.push(`${name} is required`);
    return '';
  }

  /** A secret may also come from a file named by `<NAME>_FILE` (Docker and Kubernetes secrets). */
  secret(name: string, minLength: number): string {
    const file = this.env[`${name}_FILE`]?.trim();
    if (!this.env[name]?.trim() && file) {
      try {
        const value = readFileSync(file, 'utf8').trim();
        // an empty file is a missing secret; checkLength leaves emptiness to `string`, not called here
        if (!value) this.problems.push(`${name}_FILE names an empty file`);
        return this.checkLength(name, value, minLength);
      } catch (error) {
        this.problems.push(
          `${name}_FILE cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        );
        return '';
      }
    }
    return this.checkLength(name, this.string(name), minLength);
  }

  /** Like `secret`, but null when neither the variable nor `<NAME>_FILE` is set (an optional feature's key). */
  optionalSecret(name: string): string | null {
    if (!this.env[name]?.trim() && !this.env[`${name}_FILE`]?.trim()) return null;
    return this.secret(name, 1) || null;
  }

  private checkLength(name: string, value: string, minLength: number): string {
    if (value && value.length < minLength)
      this.problems.push(`${name} must be at least ${minLength} characters`);
    return value;
  }

  /** A string (possibly empty) that must match `pattern`. */
  matching(name: string, fallback: string, pattern: RegExp): string {
    const value = this.env[name]?.trim() ?? fallback;
    if (!pattern.test(value)) this.problems.push(`${name} must match ${pattern.source}`);
    return value;
  }

  int(name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    const value = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.env[name]?.trim().toLowerCase();
    if (!raw) return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  url(name: string, fallback: string, protocols: string[]): string {
    const value = this.string(name, fallback);
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) {
        this.problems.push(`${name} must use ${protocols.join(' or ')} (got ${parsed.protocol})`);
      }
    } catch {
      this.problems.push(`${name} is not a valid URL`);
    }
    return value;
  }

  /** A URL that may be left unset (null). */
  optionalUrl(name: string, protocols: string[]): string | null {
    if (!this.env[name]?.trim()) return null;
    return this.url(name, '', protocols);
  }

  /** Records a problem found by the caller's own cross-field checks. */
  problem(message: string): void {
    this.problems.push(message);
  }

  list(name: string, fallback: string): string[] {
    const items = this.string(name, fallback)
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    if (items.length === 0) this.problems.push(`${name} must list at least one value`);
    return items;
  }

  /** A comma-separated list that may be empty. */
  optionalList(name: string): string[] {
    return (this.env[name] ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const value = this.string(name, fallback) as T;
    if (!allowed.includes(value)) this.problems.push(`${name} must be one of ${allowed.join(', ')}`);
    return value;
  }

  /** Throws one error listing every problem found so far. */
  assertValid(app: string): void {
    if (this.problems.length > 0) {
      throw new ConfigError(`Invalid ${app} configuration:\n  - ${this.problems.join('\n  - ')}`);
    }
  }
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}
