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
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

/** Discards everything; for tests and for callers who really want silence. */
export const silentLogger: SdkLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The default for plain Node services: warnings and errors as JSON lines on stderr, the rest dropped. A library
 * should not be chatty by default, but a consumer that dead-letters commands must not do so invisibly.
 */
export function createStderrLogger(minLevel: Level = 'warn'): SdkLogger {
  const threshold = LEVELS.indexOf(minLevel);
  const write = (level: Level) => (message: string, fields?: LogFields) => {
    if (LEVELS.indexOf(level) < threshold) return;
    const line = { level, at: new Date().toISOString(), logger: 'lethe-sdk', message, ...fields };
    process.stderr.write(`${safeStringify(line)}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
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
  const write = (level: Level) => (message: string, fields?: LogFields) =>
    fields === undefined
      ? inner[level](redactPersonalData(String(message), known))
      : inner[level](redactPersonalData(String(message), known), redactLogValue(fields, known) as LogFields);
  const redacting: RedactingLogger = {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    [REDACTING]: { inner, knownValues: known },
  };
  return redacting;
}

/** Returns a logger that adds `bound` to every line, e.g. the request and task a handler is working on. */
export function bindLogger(logger: SdkLogger, bound: LogFields): SdkLogger {
  const withBound = (level: Level) => (message: string, fields?: LogFields) =>
    logger[level](message, { ...bound, ...fields });
  return {
    debug: withBound('debug'),
    info: withBound('info'),
    warn: withBound('warn'),
    error: withBound('error'),
  };
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
