import {
  findPersonalData,
  IDENTITY_TYPES,
  IdentityType,
  SubjectIdentity,
} from '@lethe/deletion-sdk/protocol';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { DomainException } from '../common/domain.exception';
import { CreateErasureRequestDto } from '../requests/dto/create-erasure-request.dto';
import { normaliseIdentities } from '../requests/identity-normalizer';
import { BulkRecord } from './bulk-record-reader';

export type ValidatedLine =
  { ok: true; identities: SubjectIdentity[]; externalId: string | null } | { ok: false; reason: string };

/** A CSV upload's header: each column is an identity type or the externalId. */
export type CsvColumn = { kind: 'identity'; type: IdentityType } | { kind: 'externalId' };

const EXTERNAL_ID_HEADERS = ['externalid', 'external_id'];
/** What a line may hold; the regulation and dryRun are the upload's, notes are not taken per line. */
const LINE_PROPERTIES = new Set(['subject', 'externalId']);
const MAX_REASON = 300;

/** Reads the header row, or says why it cannot be one (the upload is then refused as a whole). */
export function parseCsvHeader(fields: string[]): { columns: CsvColumn[] } | { error: string } {
  const columns: CsvColumn[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of fields.entries()) {
    const name = raw.trim().toLowerCase();
    const column: CsvColumn | undefined = EXTERNAL_ID_HEADERS.includes(name)
      ? { kind: 'externalId' }
      : (IDENTITY_TYPES as readonly string[]).includes(name)
        ? { kind: 'identity', type: name as IdentityType }
        : undefined;
    if (!column) {
      return {
        error:
          `CSV header column ${index + 1} is not an identity type (${IDENTITY_TYPES.join(', ')}) ` +
          'nor externalId',
      };
    }
    const key = column.kind === 'identity' ? column.type : 'externalId';
    if (seen.has(key)) return { error: `CSV header names ${key} twice` };
    seen.add(key);
    columns.push(column);
  }
  if (!columns.some((column) => column.kind === 'identity')) {
    return { error: 'CSV header names no identity column' };
  }
  return { columns };
}

/** Validates one record (after the CSV header) into normalised identities, or a reason naming no value. */
export function validateBulkRecord(record: BulkRecord, columns?: CsvColumn[]): ValidatedLine {
  return validateRecord(record, columns, plainLine);
}

/**
 * The same, with every line through the DTO and none through the hand-written check: the reference the
 * specs hold `validateBulkRecord` to, line for line.
 */
export function validateBulkRecordByDto(record: BulkRecord, columns?: CsvColumn[]): ValidatedLine {
  return validateRecord(record, columns, () => undefined);
}

function validateRecord(
  record: BulkRecord,
  columns: CsvColumn[] | undefined,
  check: (value: Record<string, unknown>) => CheckedLine | undefined,
): ValidatedLine {
  if ('error' in record) return { ok: false, reason: record.error };
  const candidate = 'text' in record ? fromJson(record.text) : fromCsv(record.fields, columns ?? []);
  if ('reason' in candidate) return { ok: false, reason: candidate.reason };
  return validateCandidate(candidate.value, check);
}

function fromJson(text: string): { value: object } | { reason: string } {
  if (text.includes('\u0000')) return { reason: 'line contains a NUL character' };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { reason: 'line is not a JSON object' };
    }
    return { value: value as object };
  } catch {
    // JSON.parse's own message quotes the line, which may hold an identity
    return { reason: 'line is not valid JSON' };
  }
}

function fromCsv(fields: string[], columns: CsvColumn[]): { value: object } | { reason: string } {
  if (fields.length !== columns.length) {
    return { reason: `record has ${fields.length} fields, the header has ${columns.length}` };
  }
  if (fields.some((field) => field.includes('\u0000'))) return { reason: 'record contains a NUL character' };
  const identities: { type: IdentityType; value: string }[] = [];
  let externalId: string | undefined;
  columns.forEach((column, index) => {
    const value = fields[index].trim();
    if (!value) return;
    if (column.kind === 'externalId') externalId = value;
    else identities.push({ type: column.type, value });
  });
  return { value: { subject: { identities }, ...(externalId === undefined ? {} : { externalId }) } };
}

/**
 * The same rules as `POST /v1/erasure-requests` (identity types and lengths, externalId printable and free of
 * personal data), then the same normaliser. A well-formed line, nearly every line of a real list, is checked by
 * hand (`plainLine`) without building a DTO instance: that accepts only what the DTO's class-validator rules
 * accept. Anything else goes through those very rules on the DTO, so a bad line's reason is class-validator's own
 * and the two paths cannot drift apart in what they refuse.
 */
function validateCandidate(
  value: object,
  check: (value: Record<string, unknown>) => CheckedLine | undefined,
): ValidatedLine {
  const unknown = Object.keys(value).filter((key) => !LINE_PROPERTIES.has(key));
  // the key itself is not repeated: it may be exactly the personal data that must not be kept
  if (unknown.length > 0)
    return { ok: false, reason: 'line has properties other than subject and externalId' };
  const plain = check(value as Record<string, unknown>);
  const line = plain ?? validatedByDto(value);
  if ('reason' in line) return { ok: false, reason: line.reason };
  try {
    const identities = normaliseIdentities(line.identities);
    return { ok: true, identities, externalId: line.externalId };
  } catch (error) {
    if (error instanceof DomainException) return { ok: false, reason: bounded(error.message) };
    throw error;
  }
}

interface CheckedLine {
  identities: SubjectIdentity[];
  externalId: string | null;
}

const IDENTITY_TYPE_SET: ReadonlySet<unknown> = new Set(IDENTITY_TYPES);
const MAX_IDENTITIES = 50;
const MAX_IDENTITY_VALUE = 512;
const MAX_EXTERNAL_ID = 200;
const PRINTABLE = /^[\x21-\x7e]+$/;
/** Characters class-validator's length rules do not count (variation selectors): such a value takes the DTO path. */
const UNCOUNTED = /[\uFE0E\uFE0F]/;

/**
 * The line, if it passes every rule of CreateErasureRequestDto as class-validator applies them (whitelisted,
 * non-whitelisted properties forbidden), checked on the parsed value itself; undefined for anything the DTO
 * might refuse, which then decides. It only needs to be exact in what it accepts.
 */
function plainLine(value: Record<string, unknown>): CheckedLine | undefined {
  const { subject, externalId } = value;
  if (!isPlainObject(subject)) return undefined;
  for (const key of Object.keys(subject)) if (key !== 'identities') return undefined;
  const identities = subject.identities;
  if (!Array.isArray(identities) || identities.length < 1 || identities.length > MAX_IDENTITIES) {
    return undefined;
  }
  for (const identity of identities) {
    if (!isPlainObject(identity)) return undefined;
    for (const key of Object.keys(identity)) if (key !== 'type' && key !== 'value') return undefined;
    const { type, value: text } = identity;
    if (!IDENTITY_TYPE_SET.has(type) || typeof text !== 'string') return undefined;
    if (text.length < 1 || text.length > MAX_IDENTITY_VALUE || UNCOUNTED.test(text)) return undefined;
  }
  if (externalId !== undefined && externalId !== null) {
    if (typeof externalId !== 'string' || externalId.length > MAX_EXTERNAL_ID) return undefined;
    if (!PRINTABLE.test(externalId) || findPersonalData(externalId) !== undefined) return undefined;
  }
  return {
    identities: identities as SubjectIdentity[],
    externalId: typeof externalId === 'string' ? externalId : null,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The DTO path: class-transformer and class-validator on CreateErasureRequestDto, as the single-request API. */
function validatedByDto(value: object): CheckedLine | { reason: string } {
  const line = plainToInstance(CreateErasureRequestDto, { ...value, regulation: 'gdpr' });
  const errors = validateSync(line, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) return { reason: describe(errors) };
  return { identities: line.subject.identities, externalId: line.externalId ?? null };
}

/** class-validator's messages, minus any that would repeat personal data (an unknown key can be an email). */
function describe(errors: ValidationError[]): string {
  const messages: string[] = [];
  const walk = (list: ValidationError[], path: string): void => {
    for (const error of list) {
      const at = path ? `${path}.${error.property}` : error.property;
      for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
        messages.push(findPersonalData(message) ? `${constraint} failed` : message);
      }
      walk(error.children ?? [], at);
    }
  };
  walk(errors, '');
  return bounded(messages.join('; '));
}

function bounded(reason: string): string {
  return reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason;
}
