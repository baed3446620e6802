import { redactLogValue, redactPersonalData } from '../protocol/personal-data';

/** Structured fields attached to a log line. Never put raw identities here: logs outlive erasure requests. */
export type LogFields = Record<string, unknown>;

/**
 * The logger the SDK writes to and hands to handlers as `ctx.logger`. Any structured logger (pino, winston, Nest's
 * `Logger`) fits behind these four methods.
 */
export interface SdkLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /**
   * Optional: false when lines of `level` are dropped anyway. The SDK then skips building and masking them, which
   * is most of what a dropped line costs on the per-command path (every command logs at info). Without it every
   * level counts as on.
   */
  isLevelEnabled?(level: SdkLogLevel): boolean;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
/** The four levels an SdkLogger writes at. */
export type SdkLogLevel = (typeof LEVELS)[number];
type Level = SdkLogLevel;

/** True unless `logger` says lines of `level` are dropped (see SdkLogger.isLevelEnabled). */
export function isLevelEnabled(logger: SdkLogger, level: SdkLogLevel): boolean {
  return logger.isLevelEnabled?.(level) ?? true;
}

/**
 * Discards everything; for tests and for callers who really want silence. It claims no levels off, so spreading it
 * under a spy (`{ ...silentLogger, info: jest.fn() }`) still sees every line.
 */
export const silentLogger: SdkLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The default for plain Node services: warnings and errors as JSON lines on stderr, the rest dropped. A library
 * should not be chatty by default, but a consumer that dead-letters commands must not do so invisibly.
 */
export function createStderrLogger(minLevel: Level = 'warn'): SdkLogger {
  const threshold = LEVELS.indexOf(minLevel);
  const enabled = (level: Level) => LEVELS.indexOf(level) >= threshold;
  const write = (level: Level) => (message: string, fields?: LogFields) => {
    if (!enabled(level)) return;
    const line = { level, at: new Date().toISOString(), logger: 'lethe-sdk', message, ...fields };
    process.stderr.write(`${safeStringify(line)}\n`);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    isLevelEnabled: enabled,
  };
}

/** Marks a logger whose lines are already masked, so wrapping it again adds only the new known values. */
const REDACTING = Symbol('lethe.redactingLogger');
interface RedactingLogger extends SdkLogger {
  [REDACTING]: { inner: SdkLogger; knownValues: readonly string[] };
}

/**
 * Returns a logger that masks every message and every field value, nested included, before `logger` sees it:
 * anything shaped like an email address or a phone number, and `knownValues` (the identities of the command in
 * hand). Logs outlive erasure requests, so nothing a handler or a library writes may carry a person.
 */
export function redactingLogger(logger: SdkLogger, knownValues: readonly string[] = []): SdkLogger {
  const existing = (logger as Partial<RedactingLogger>)[REDACTING];
  const inner = existing?.inner ?? logger;
  const known = [...(existing?.knownValues ?? []), ...knownValues];
  const write = (level: Level) => (message: string, fields?: LogFields) => {
    // a line the logger drops is never masked: the regular expressions are most of a dropped line's cost
    if (!isLevelEnabled(inner, level)) return;
    if (fields === undefined) inner[level](redactPersonalData(String(message), known));
    else inner[level](redactPersonalData(String(message), known), redactLogValue(fields, known) as LogFields);
  };
  const redacting: RedactingLogger = {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    [REDACTING]: { inner, knownValues: known },
  };
  if (inner.isLevelEnabled !== undefined) redacting.isLevelEnabled = (level) => isLevelEnabled(inner, level);
  return redacting;
}

/** Returns a logger that adds `bound` to every line, e.g. the request and task a handler is working on. */
export function bindLogger(logger: SdkLogger, bound: LogFields): SdkLogger {
  const withBound = (level: Level) => (message: string, fields?: LogFields) => {
    if (isLevelEnabled(logger, level)) logger[level](message, { ...bound, ...fields });
  };
  const bounded: SdkLogger = {
    debug: withBound('debug'),
    info: withBound('info'),
    warn: withBound('warn'),
    error: withBound('error'),
  };
  if (logger.isLevelEnabled !== undefined) bounded.isLevelEnabled = (level) => isLevelEnabled(logger, level);
  return bounded;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, field: unknown) =>
      field instanceof Error ? { name: field.name, message: field.message } : field,
    );
  } catch {
    return JSON.stringify({ level: 'error', message: 'unserialisable log line' });
  }
}
