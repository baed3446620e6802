import { HashedIdentityFormat, SubjectIdentity } from '@lethe/deletion-sdk/protocol';
import { REGULATIONS, Regulation } from '../deadlines/deadline-policy';
import { ErasureRequestException } from '../requests/erasure-request.exception';
import { normaliseHashedIdentity, normaliseIdentity } from '../requests/identity-normalizer';
import { outboundUrlProblem } from '../http/outbound-url-policy';
import {
  OPENDSR_IDENTITY_FORMATS,
  OPENDSR_IDENTITY_TYPES,
  OpenDsrErrorDetail,
  OpenDsrIdentity,
  OpenDsrRequest,
  SUBJECT_REQUEST_TYPES,
  SubjectRequestType,
} from './opendsr-protocol';

/** Lower-case UUID version 4 (spec §1.1: identifiers MUST be lowercase and v4). */
export const SUBJECT_REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const MAX_IDENTITIES = 50;
const MAX_CALLBACKS = 10;

export interface ValidationOptions {
  /** OpenGDPR requests (the legacy routes) predate `regulation`; they are GDPR requests. */
  regulationRequired: boolean;
  callbackAllowlist: readonly string[];
}

export type Validated = { ok: true; request: OpenDsrRequest } | { ok: false; errors: OpenDsrErrorDetail[] };

/**
 * Checks a request body against the spec (§5, §7.1) and Lethe's identity rules, collecting every problem. Messages
 * name fields and rules only: an identity value or a callback URL is never repeated back.
 */
export function validateOpenDsrRequest(body: unknown, options: ValidationOptions): Validated {
  const errors: OpenDsrErrorDetail[] = [];
  const fail = (reason: string, message: string) => errors.push({ domain: 'Validation', reason, message });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    fail('InvalidBody', 'the request body must be a JSON object');
    return { ok: false, errors };
  }
  const input = body as Record<string, unknown>;

  let regulation: Regulation = 'gdpr';
  if (input.regulation === undefined) {
    if (options.regulationRequired) fail('MissingField', 'regulation field is required');
  } else if (!(REGULATIONS as readonly unknown[]).includes(input.regulation)) {
    fail('InvalidValue', `regulation must be one of: ${REGULATIONS.join(', ')}`);
  } else regulation = input.regulation as Regulation;

  const id = input.subject_request_id;
  if (id === undefined) fail('MissingField', 'subject_request_id field is required');
  else if (typeof id !== 'string' || !SUBJECT_REQUEST_ID.test(id))
    fail('InvalidValue', 'subject_request_id must be a lower-case UUID version 4');

  const type = input.subject_request_type;
  if (type === undefined) fail('MissingField', 'subject_request_type field is required');
  else if (!(SUBJECT_REQUEST_TYPES as readonly unknown[]).includes(type))
    fail('InvalidValue', `subject_request_type must be one of: ${SUBJECT_REQUEST_TYPES.join(', ')}`);

  const submitted = input.submitted_time;
  if (submitted === undefined) fail('MissingField', 'submitted_time field is required');
  else if (typeof submitted !== 'string' || !RFC3339.test(submitted) || Number.isNaN(Date.parse(submitted)))
    fail('InvalidValue', 'submitted_time must be an RFC 3339 date-time');

  if (
    input.api_version !== undefined &&
    (typeof input.api_version !== 'string' || input.api_version.length > 20)
  )
    fail('InvalidValue', 'api_version must be a version string');

  const identities = checkIdentities(input.subject_identities, fail);
  const callbacks = checkCallbacks(input.status_callback_urls, options.callbackAllowlist, fail);
  const extensions = input.extensions;
  if (
    extensions !== undefined &&
    (typeof extensions !== 'object' || extensions === null || Array.isArray(extensions))
  ) {
    fail('InvalidValue', 'extensions must be an object keyed by processor domain');
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    request: {
      regulation,
      subject_request_id: id as string,
      subject_request_type: type as SubjectRequestType,
      subject_identities: identities,
      submitted_time: submitted as string,
      ...(input.api_version !== undefined ? { api_version: input.api_version as string } : {}),
      status_callback_urls: callbacks,
    },
  };
}

/** The identities as Lethe dispatches them: same type names, hashed ones with their format. */
export function toLetheIdentities(identities: readonly OpenDsrIdentity[]): SubjectIdentity[] {
  return identities.map(({ identity_type: type, identity_value: value, identity_format: format }) =>
    format === 'raw' ? { type, value } : { type, value, format },
  );
}

type Fail = (reason: string, message: string) => void;

function checkIdentities(value: unknown, fail: Fail): OpenDsrIdentity[] {
  // Lethe implements no extension that could carry identities, so they are required here (spec §5.3)
  if (value === undefined) {
    fail('MissingField', 'subject_identities field is required');
    return [];
  }
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_IDENTITIES) {
    fail('InvalidValue', `subject_identities must be an array of 1 to ${MAX_IDENTITIES} identities`);
    return [];
  }
  const result: OpenDsrIdentity[] = [];
  value.forEach((item: unknown, index) => {
    const at = `subject_identities[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return fail('InvalidValue', `${at} must be an identity object`);
    }
    const {
      identity_type: type,
      identity_value: raw,
      identity_format: format,
    } = item as Record<string, unknown>;
    let ok = true;
    if (!(OPENDSR_IDENTITY_TYPES as readonly unknown[]).includes(type)) {
      ok = false;
      fail(
        type === undefined ? 'MissingField' : 'UnsupportedIdentityType',
        `${at}.identity_type must be one of: ${OPENDSR_IDENTITY_TYPES.join(', ')}`,
      );
    }
    if (!(OPENDSR_IDENTITY_FORMATS as readonly unknown[]).includes(format)) {
      ok = false;
      fail(
        format === undefined ? 'MissingField' : 'UnsupportedIdentityFormat',
        `${at}.identity_format must be one of: ${OPENDSR_IDENTITY_FORMATS.join(', ')}`,
      );
    }
    if (typeof raw !== 'string' || raw.trim().length === 0 || raw.length > 512) {
      ok = false;
      fail(
        raw === undefined ? 'MissingField' : 'InvalidValue',
        `${at}.identity_value must be a non-empty string`,
      );
    }
    if (!ok) return;
    const identity = item as OpenDsrIdentity;
    const problem = identityProblem(identity);
    if (problem) return fail('InvalidIdentity', `${at}: ${problem}`);
    result.push(identity);
  });
  return result;
}

/** The coordinator's own normaliser decides; its messages never quote the value. */
function identityProblem(identity: OpenDsrIdentity): string | undefined {
  try {
    if (identity.identity_format === 'raw')
      normaliseIdentity(identity.identity_type, identity.identity_value);
    else
      normaliseHashedIdentity(
        identity.identity_type,
        identity.identity_format as HashedIdentityFormat,
        identity.identity_value,
      );
    return undefined;
  } catch (error) {
    if (error instanceof ErasureRequestException) return error.message;
    throw error;
  }
}

function checkCallbacks(value: unknown, allowlist: readonly string[], fail: Fail): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_CALLBACKS) {
    fail('InvalidValue', `status_callback_urls must be an array of at most ${MAX_CALLBACKS} URLs`);
    return [];
  }
  const urls: string[] = [];
  value.forEach((url: unknown, index) => {
    const at = `status_callback_urls[${index}]`;
    if (typeof url !== 'string' || url.length > 2048) return fail('InvalidValue', `${at} must be a URL`);
    const problem = outboundUrlProblem(url, allowlist);
    if (problem) return fail('CallbackUrlNotAllowed', `${at} ${problem}`);
    if (!urls.includes(url)) urls.push(url);
  });
  return urls;
}
