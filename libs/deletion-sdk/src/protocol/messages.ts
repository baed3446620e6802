import type { IdentityType, SubjectIdentity } from './identity';
import type { VerificationCommand, VerificationResult } from './verification-messages';

export const PROTOCOL_VERSION = 1;

export const ERASURE_OUTCOMES = ['deleted', 'not_found', 'retained', 'failed'] as const;
export type ErasureOutcome = (typeof ERASURE_OUTCOMES)[number];

/** Sent by the coordinator on `lethe.erasure.commands.<service>`, key = requestId. */
export interface ErasureCommand {
  v: 1;
  type: 'erasure.command';
  /** Unique per dispatch attempt; the SDK uses it to spot replays. */
  id: string;
  requestId: string;
  taskId: string;
  service: string;
  attempt: number;
  /** ISO-8601 */
  issuedAt: string;
  /** ISO-8601 legal deadline of the request. */
  dueAt: string;
  dryRun: boolean;
  subject: { identities: SubjectIdentity[] };
}

/** Why a service keeps data it was asked to erase: GDPR Art. 17(3)(a)–(e) or a named retention rule. */
export interface RetentionInfo {
  basis: string;
  note?: string;
}

export interface ErasureError {
  code: string;
  message: string;
  retriable: boolean;
}

/** Sent by a service's SDK on `lethe.erasure.results`, key = requestId. */
export interface ErasureResult {
  v: 1;
  type: 'erasure.result';
  id: string;
  requestId: string;
  taskId: string;
  service: string;
  attempt: number;
  outcome: ErasureOutcome;
  recordsAffected: number;
  retention?: RetentionInfo;
  error?: ErasureError;
  /** ISO-8601 */
  completedAt: string;
  sdkVersion: string;
}

/** Sent on the compacted `lethe.registry` topic, key = service, repeated as a heartbeat. */
export interface ServiceAnnouncement {
  v: 1;
  type: 'service.announce';
  service: string;
  instanceId: string;
  identityTypes: IdentityType[];
  dataCategories: string[];
  sdkVersion: string;
  /** ISO-8601 */
  at: string;
}

export type LetheMessage =
  ErasureCommand | ErasureResult | ServiceAnnouncement | VerificationCommand | VerificationResult;
