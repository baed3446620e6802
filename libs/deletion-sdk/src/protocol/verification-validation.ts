import { array, Check, int, isoInstant, object, oneOf, str } from './schema';
import { identitySchema, messageIdSchema, parseWith, serviceNameSchema } from './validation';
import { VERIFICATION_VERDICTS, VerificationCommand, VerificationResult } from './verification-messages';

/** A store is named like an SDK handler: it reaches the ledger, so nothing shaped like an address fits. */
const STORE_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/;

export const verificationCommandSchema: Check = object(
  {
    v: oneOf([1]),
    type: oneOf(['erasure.verify']),
    id: messageIdSchema,
    requestId: messageIdSchema,
    taskId: messageIdSchema,
    service: serviceNameSchema,
    issuedAt: isoInstant,
    subject: object({ identities: array(identitySchema, { min: 1, max: 50 }) }),
  },
  ['taskId'],
);

const verificationResultShape = object(
  {
    v: oneOf([1]),
    type: oneOf(['erasure.verify_result']),
    id: messageIdSchema,
    requestId: messageIdSchema,
    service: serviceNameSchema,
    verdict: oneOf(VERIFICATION_VERDICTS),
    findings: array(object({ store: str({ max: 100, pattern: STORE_NAME }), records: int({ min: 1 }) }), {
      min: 1,
      max: 100,
    }),
    error: object({ code: str({ max: 100 }), message: str({ max: 2000 }) }),
    checkedAt: isoInstant,
    sdkVersion: str({ max: 64 }),
  },
  ['findings', 'error'],
);

/** The verdict decides which optional parts must be present, so a `present` always says where. */
export const verificationResultSchema: Check = (value, path, issues) => {
  const before = issues.length;
  verificationResultShape(value, path, issues);
  if (issues.length > before) return;
  const result = value as VerificationResult;
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (result.verdict === 'present' && !result.findings) {
    issues.push(`${at('findings')}: is required when verdict is present`);
  }
  if (result.verdict !== 'present' && result.findings) {
    issues.push(`${at('findings')}: only allowed when verdict is present`);
  }
  if (result.verdict === 'failed' && !result.error) {
    issues.push(`${at('error')}: is required when verdict is failed`);
  }
  if (result.verdict !== 'failed' && result.error) {
    issues.push(`${at('error')}: only allowed when verdict is failed`);
  }
};

export const parseVerificationCommand = (value: unknown): VerificationCommand =>
  parseWith(verificationCommandSchema, 'erasure.verify', value);

export const parseVerificationResult = (value: unknown): VerificationResult =>
  parseWith(verificationResultSchema, 'erasure.verify_result', value);
