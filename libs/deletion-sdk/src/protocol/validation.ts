import { HASHED_IDENTITY_HEX_LENGTH, IDENTITY_TYPES } from './identity';
import { ERASURE_OUTCOMES, ErasureCommand, ErasureResult, ServiceAnnouncement } from './messages';
import { ProtocolError, ProtocolErrorCode } from './protocol.errors';
import { array, bool, Check, int, isoInstant, object, oneOf, str, validate } from './schema';
import { SERVICE_NAME_PATTERN } from './topics';

export const messageIdSchema = str({ max: 128 });
export const serviceNameSchema = str({ max: 63, pattern: SERVICE_NAME_PATTERN });
const id = messageIdSchema;
const service = serviceNameSchema;
const attempt = int({ min: 1, max: 1000 });

export const identitySchema = object(
  {
    type: oneOf(IDENTITY_TYPES),
    value: str({ max: 512 }),
    format: oneOf(Object.keys(HASHED_IDENTITY_HEX_LENGTH)),
  },
  ['format'],
);

export const erasureCommandSchema: Check = object({
  v: oneOf([1]),
  type: oneOf(['erasure.command']),
  id,
  requestId: id,
  taskId: id,
  service,
  attempt,
  issuedAt: isoInstant,
  dueAt: isoInstant,
  dryRun: bool,
  subject: object({ identities: array(identitySchema, { min: 1, max: 50 }) }),
});

const resultShape = object(
  {
    v: oneOf([1]),
    type: oneOf(['erasure.result']),
    id,
    requestId: id,
    taskId: id,
    service,
    attempt,
    outcome: oneOf(ERASURE_OUTCOMES),
    recordsAffected: int({ min: 0 }),
    retention: object({ basis: str({ max: 200 }), note: str({ max: 2000 }) }, ['note']),
    error: object({ code: str({ max: 100 }), message: str({ max: 2000 }), retriable: bool }),
    completedAt: isoInstant,
    sdkVersion: str({ max: 64 }),
  },
  ['retention', 'error'],
);

/** The outcome decides which optional parts must be present. */
export const erasureResultSchema: Check = (value, path, issues) => {
  const before = issues.length;
  resultShape(value, path, issues);
  if (issues.length > before) return;
  const result = value as ErasureResult;
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (result.outcome === 'retained' && !result.retention) {
    issues.push(`${at('retention')}: is required when outcome is retained`);
  }
  if (result.outcome !== 'retained' && result.retention) {
    issues.push(`${at('retention')}: only allowed when outcome is retained`);
  }
  if (result.outcome === 'failed' && !result.error)
    issues.push(`${at('error')}: is required when outcome is failed`);
  if (result.outcome !== 'failed' && result.error)
    issues.push(`${at('error')}: only allowed when outcome is failed`);
  if (result.outcome === 'not_found' && result.recordsAffected !== 0) {
    issues.push(`${at('recordsAffected')}: must be 0 when outcome is not_found`);
  }
};

export const serviceAnnouncementSchema: Check = object({
  v: oneOf([1]),
  type: oneOf(['service.announce']),
  service,
  instanceId: id,
  identityTypes: array(oneOf(IDENTITY_TYPES), { min: 1, max: IDENTITY_TYPES.length }),
  dataCategories: array(str({ max: 100 }), { max: 100 }),
  sdkVersion: str({ max: 64 }),
  at: isoInstant,
});

/** Validates a decoded body against a schema; throws a SchemaViolation naming every offending field. */
export function parseWith<T>(schema: Check, name: string, value: unknown): T {
  const issues = validate(schema, value);
  if (issues.length > 0) {
    throw new ProtocolError(
      ProtocolErrorCode.SchemaViolation,
      `invalid ${name}: ${issues.join('; ')}`,
      issues,
    );
  }
  return value as T;
}

export const parseErasureCommand = (value: unknown): ErasureCommand =>
  parseWith(erasureCommandSchema, 'erasure.command', value);

export const parseErasureResult = (value: unknown): ErasureResult =>
  parseWith(erasureResultSchema, 'erasure.result', value);

export const parseServiceAnnouncement = (value: unknown): ServiceAnnouncement =>
  parseWith(serviceAnnouncementSchema, 'service.announce', value);
