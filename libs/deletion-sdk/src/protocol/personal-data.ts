/**
 * What free text that leaves a process (log lines, result messages, the coordinator's ledger) must never carry:
 * anything shaped like an email address or a phone number, and any identity value the caller knows. One
 * implementation for the coordinator and the SDK, so both mask the same things.
 */

/** Replaces a known identity value. */
export const REDACTED = '[redacted]';
/** Replaces text shaped like an email address. */
export const REDACTED_EMAIL = '[redacted-email]';
/** Replaces text shaped like a phone number. */
export const REDACTED_PHONE = '[redacted-phone]';

export type PersonalDataKind = 'email' | 'phone';

// A dotted domain whose last label is alphabetic: `postgres@127.0.0.1` (a connection string) and
// `kafkajs@2.2.4` (a package version) are not addresses; `ada@example.org` is.
// The local part leaves out "=", "/" and quotes, so "email=ada@example.org" keeps its "email=".
const EMAIL = /[\p{L}\p{N}._%+!#$&*?^~-]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}/gu;

// Not preceded or followed by something that would make the digits part of a larger token: a word character,
// a dot or a dash next to more digits (UUIDs, versions, IPs, dates), or a colon (ports, times).
const BEFORE = String.raw`(?<![\p{L}\p{N}_.:/+-])`;
const AFTER = String.raw`(?![\p{L}\p{N}_:]|[.-]\p{N})`;
// E.164 and its printed forms: "+447946095800", "+44 20 7946 0958", "+1 (415) 555-2671", "+33 6 12 34 56 78";
// also after a colon, as in "tel:+44…".
const E164 = String.raw`(?<![\p{L}\p{N}_.+-])\+\d(?:[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d){6,14}`;
const NATIONAL_SHAPES = [
  // A bracketed area code: "(415) 555-2671", "(020) 7946 0958".
  String.raw`\(\d{2,5}\)[ .-]?\d{2,4}(?:[ .-]\d{2,4}){1,3}`,
  // North American: "415-555-2671", "415.555.2671", "415 555 2671".
  String.raw`\d{3}([ .-])\d{3}\1\d{4}`,
  // A national trunk prefix with one kind of separator: "020 7946 0958", "07700 900123", "06.12.34.56.78",
  // "0044 20 7946 0958". One kind only, so "01.05.2024 12:00" stays a date.
  String.raw`0\d{1,4}([ .-])\d{2,8}(?:\2\d{2,4}){0,3}`,
];
const PHONE = new RegExp(`(?:${E164}|${BEFORE}(?:${NATIONAL_SHAPES.join('|')}))${AFTER}`, 'gu');
// E.164 allows up to 15 digits. Without a "+", at least 9: "01.05.2024" (8 digits) is a date, not a number.
const MIN_E164_DIGITS = 8;
const MIN_NATIONAL_DIGITS = 9;
const MAX_PHONE_DIGITS = 15;

function isPhoneLength(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '').length;
  const min = candidate.startsWith('+') ? MIN_E164_DIGITS : MIN_NATIONAL_DIGITS;
  return digits >= min && digits <= MAX_PHONE_DIGITS;
}

/** The first kind of personal data `text` looks like it contains, or undefined. */
export function findPersonalData(text: string): PersonalDataKind | undefined {
  if (new RegExp(EMAIL.source, EMAIL.flags).test(text)) return 'email';
  for (const match of text.matchAll(PHONE)) if (isPhoneLength(match[0])) return 'phone';
  return undefined;
}

/**
 * Masks email- and phone-shaped text and any of `knownValues` (e.g. the identities of the command in hand).
 * Everything is found in the original text and overlapping finds are masked as one, so a known value inside an
 * address cannot break the address's shape and leave the rest of it behind.
 */
export function redactPersonalData(text: string, knownValues: readonly string[] = []): string {
  const found: Span[] = [...knownSpans(text, knownValues)];
  for (const match of text.matchAll(EMAIL)) found.push(span(match, REDACTED_EMAIL));
  for (const match of text.matchAll(PHONE))
    if (isPhoneLength(match[0])) found.push(span(match, REDACTED_PHONE));
  return redactSpans(text, found);
}

/** Removes known values only, case-insensitively, the longer of two overlapping values whole. */
export function redactKnownValues(text: string, knownValues: readonly string[]): string {
  return knownValues.length === 0 ? text : redactSpans(text, [...knownSpans(text, knownValues)]);
}

interface Span {
  start: number;
  end: number;
  marker: string;
}

function span(match: RegExpExecArray | RegExpMatchArray, marker: string): Span {
  const start = match.index ?? 0;
  return { start, end: start + match[0].length, marker };
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function* knownSpans(text: string, knownValues: readonly string[]): Iterable<Span> {
  if (knownValues.length === 0) return;
  const values = [...new Set(knownValues.map((value) => value.trim()).filter((value) => value.length > 0))];
  // Every log line of a command is checked against its identities, and most contain none: a case-insensitive
  // match of an ASCII value is a substring of the lower-cased text, so its absence there settles it cheaply.
  const lower = text.toLowerCase();
  for (const value of values) {
    if (isAscii(value) && !lower.includes(value.toLowerCase())) continue;
    for (const match of text.matchAll(new RegExp(escapeRegExp(value), 'gi'))) yield span(match, REDACTED);
  }
}

function redactSpans(text: string, spans: Span[]): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (let i = 0; i < spans.length;) {
    let { end, marker } = spans[i];
    const { start } = spans[i];
    // Overlapping finds are masked as one; a known value wins the marker, as the more specific find.
    for (i++; i < spans.length && spans[i].start < end; i++) {
      end = Math.max(end, spans[i].end);
      if (spans[i].marker === REDACTED) marker = REDACTED;
    }
    out += text.slice(at, start) + marker;
    at = end;
  }
  return out + text.slice(at);
}

const MAX_DEPTH = 8;

/**
 * A copy of a structured log value with every string masked, nested objects and arrays included. Errors become
 * `{name, message}` (their messages masked); numbers, booleans and dates are left alone, since a count is not an
 * identity. Cycles and very deep values are cut rather than followed.
 */
export function redactLogValue(value: unknown, knownValues: readonly string[] = []): unknown {
  return redactValue(value, knownValues, new WeakSet(), 0);
}

function redactValue(
  value: unknown,
  known: readonly string[],
  seen: WeakSet<object>,
  depth: number,
): unknown {
  if (typeof value === 'string') return redactPersonalData(value, known);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  try {
    if (value instanceof Error) {
      return { name: value.name, message: redactPersonalData(value.message, known) };
    }
    if (Array.isArray(value)) return value.map((item) => redactValue(item, known, seen, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) copy[key] = redactValue(field, known, seen, depth + 1);
    return copy;
  } finally {
    seen.delete(value);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
