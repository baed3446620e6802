import { createHash } from 'node:crypto';
import { headerValue, MessageHeaders, TRACEPARENT_HEADER } from './signing';

/** `<CODE>: <message>`, for people reading the topic with a console consumer. */
export const DLQ_REASON_HEADER = 'lethe-dlq-reason';
/** The machine-readable code alone, e.g. `BAD_SIGNATURE` or `STALE_COMMAND`. */
export const DLQ_CODE_HEADER = 'lethe-dlq-code';
/** Where the dead letter came from: `<topic>:<partition>:<offset>`. */
export const DLQ_SOURCE_HEADER = 'lethe-dlq-source';
/** When it was dead-lettered, ISO-8601. */
export const DLQ_AT_HEADER = 'lethe-dlq-at';

const MAX_REASON_LENGTH = 1000;
const REDACTED = '[redacted]';
/** Identifiers the protocol uses (uuids, service names, key ids) fit this; emails and phone numbers never do. */
const SAFE_TOKEN = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^[0-9a-f-]{1,128}$/;
const KNOWN_TYPES = ['erasure.command', 'erasure.result', 'service.announce'];
const EMAIL_LIKE = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+/g;
const PHONE_LIKE = /\+\d[\d\s().-]{5,}\d/g;
/** Identity values shorter than this are not searched for inside longer tokens (a user id "7" is everywhere). */
const MIN_EMBEDDED_IDENTITY_LENGTH = 3;

/** A consumed message that will never be processed. */
export interface DeadLetterSource {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null | undefined;
  value: Buffer | null | undefined;
  headers?: MessageHeaders;
}

/** Why it is dead-lettered: a ProtocolError or rejection code and a message written by Lethe, not by the sender. */
export interface DeadLetterReason {
  code: string;
  message: string;
}

/** The value of a dead letter: metadata to find and diagnose the original, never its content. */
export interface DeadLetterEnvelope {
  v: 1;
  type: 'dead_letter';
  source: { topic: string; partition: number; offset: string; key: string | null };
  reason: DeadLetterReason;
  /** What could be read from the original without trusting it; each field only when present and harmless. */
  original: {
    bytes: number;
    /** SHA-256 of the original value, to match a dead letter with a copy of the message held elsewhere. */
    sha256: string | null;
    type?: string;
    id?: string;
    requestId?: string;
    taskId?: string;
    service?: string;
    attempt?: number;
  };
  /** ISO-8601 */
  at: string;
}

export interface DeadLetterRecord {
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

/**
 * The one dead-letter format of Lethe, used by the SDK for commands and by the coordinator for results and
 * announcements. A dead letter keeps where the message was, what it claimed to be and why it was refused — never
 * its value, because commands carry raw identities and results carry free text a service wrote, and a dead-letter
 * topic is read by people and kept for long. Fields that could hold an identity are dropped, not copied.
 */
export function buildDeadLetter(
  source: DeadLetterSource,
  reason: DeadLetterReason,
  now: Date,
): DeadLetterRecord {
  const body = parseLoosely(source.value);
  const identities = identityValues(body);
  const key = safeKey(source.key, identities);
  const message = bound(redact(reason.message, identities));
  const code = safeToken(reason.code, identities) ?? 'UNKNOWN';
  const envelope: DeadLetterEnvelope = {
    v: 1,
    type: 'dead_letter',
    source: { topic: source.topic, partition: source.partition, offset: source.offset, key },
    reason: { code, message },
    original: {
      bytes: source.value?.length ?? 0,
      sha256: source.value ? createHash('sha256').update(source.value).digest('hex') : null,
      ...metadataOf(body, identities),
    },
    at: now.toISOString(),
  };
  const headers: Record<string, string> = {
    [DLQ_REASON_HEADER]: bound(`${code}: ${message}`),
    [DLQ_CODE_HEADER]: code,
    [DLQ_SOURCE_HEADER]: `${source.topic}:${source.partition}:${source.offset}`,
    [DLQ_AT_HEADER]: envelope.at,
  };
  const traceparent = headerValue(source.headers, TRACEPARENT_HEADER);
  if (traceparent !== undefined && TRACEPARENT.test(traceparent)) headers[TRACEPARENT_HEADER] = traceparent;
  return { key, value: Buffer.from(JSON.stringify(envelope)), headers };
}

function parseLoosely(value: Buffer | null | undefined): Record<string, unknown> | undefined {
  if (!value || value.length === 0) return undefined;
  try {
    const body: unknown = JSON.parse(value.toString('utf8'));
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The identity values a command carries, lower-cased, to make sure none is echoed anywhere. */
function identityValues(body: Record<string, unknown> | undefined): string[] {
  const subject = body?.subject as { identities?: unknown } | undefined;
  const list = Array.isArray(subject?.identities) ? (subject.identities as unknown[]) : [];
  return list
    .map((identity) => (identity as { value?: unknown } | null)?.value)
    .filter((value): value is string => typeof value === 'string')
    .map((value) => value.trim().toLowerCase())
    .filter((value) => value.length > 0)
    .sort((a, b) => b.length - a.length);
}

function mentionsIdentity(text: string, identities: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return identities.some(
    (value) => lower === value || (value.length >= MIN_EMBEDDED_IDENTITY_LENGTH && lower.includes(value)),
  );
}

function safeToken(value: unknown, identities: readonly string[]): string | undefined {
  return typeof value === 'string' && SAFE_TOKEN.test(value) && !mentionsIdentity(value, identities)
    ? value
    : undefined;
}

/** The original key when it is a protocol identifier; otherwise its hash, which still partitions the same way. */
function safeKey(key: Buffer | string | null | undefined, identities: readonly string[]): string | null {
  if (key === null || key === undefined) return null;
  const text = Buffer.from(key).toString('utf8');
  return (
    safeToken(text, identities) ?? `sha256:${createHash('sha256').update(Buffer.from(key)).digest('hex')}`
  );
}

function metadataOf(
  body: Record<string, unknown> | undefined,
  identities: readonly string[],
): Partial<DeadLetterEnvelope['original']> {
  if (!body) return {};
  const picked: Partial<DeadLetterEnvelope['original']> = {};
  if (typeof body.type === 'string' && KNOWN_TYPES.includes(body.type)) picked.type = body.type;
  for (const field of ['id', 'requestId', 'taskId', 'service'] as const) {
    const value = safeToken(body[field], identities);
    if (value !== undefined) picked[field] = value;
  }
  if (Number.isSafeInteger(body.attempt)) picked.attempt = body.attempt as number;
  return picked;
}

/** Reasons are Lethe's own words, naming fields and never values; this is the belt to those braces. */
function redact(text: string, identities: readonly string[]): string {
  let redacted = text.replace(EMAIL_LIKE, REDACTED).replace(PHONE_LIKE, REDACTED);
  for (const value of identities) {
    // A very short value (a user id "7") is only replaced where it stands alone, not inside every number.
    const pattern =
      value.length >= MIN_EMBEDDED_IDENTITY_LENGTH
        ? escapeRegExp(value)
        : `(?<![\\w])${escapeRegExp(value)}(?![\\w])`;
    redacted = redacted.replace(new RegExp(pattern, 'gi'), REDACTED);
  }
  return redacted;
}

function bound(text: string): string {
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
