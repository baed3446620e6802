import type { SubjectIdentity } from './identity';

export const VERIFICATION_VERDICTS = ['absent', 'present', 'failed'] as const;
/** `absent`: no store holds the subject; `present`: at least one does; `failed`: the service could not tell. */
export type VerificationVerdict = (typeof VERIFICATION_VERDICTS)[number];

/**
 * Sent by the coordinator on the service's command topic some time after a request completed, key = requestId:
 * "is this subject still in your stores?". Signed with the coordinator's command key like an erasure command, since
 * it carries the same raw identities.
 */
export interface VerificationCommand {
  v: 1;
  type: 'erasure.verify';
  /** Unique per verification; the result echoes it. */
  id: string;
  requestId: string;
  taskId?: string;
  service: string;
  /** ISO-8601 */
  issuedAt: string;
  subject: { identities: SubjectIdentity[] };
}

/** One store that still holds the subject, and how many of its records do. Never the records themselves. */
export interface VerificationFinding {
  store: string;
  records: number;
}

/** Sent by a service's SDK on `lethe.erasure.verifications`, key = requestId, HMAC-signed like a result. */
export interface VerificationResult {
  v: 1;
  type: 'erasure.verify_result';
  /** The id of the verification command this answers. */
  id: string;
  requestId: string;
  service: string;
  verdict: VerificationVerdict;
  /** Required when the verdict is `present`, refused otherwise. */
  findings?: VerificationFinding[];
  /** Why the service could not verify; required when the verdict is `failed`, refused otherwise. */
  error?: { code: string; message: string };
  /** ISO-8601 */
  checkedAt: string;
  sdkVersion: string;
}

/** The service answers `failed` with this code when it registered no verify handler, so it cannot tell. */
export const NO_VERIFY_HANDLER = 'NO_VERIFY_HANDLER';
