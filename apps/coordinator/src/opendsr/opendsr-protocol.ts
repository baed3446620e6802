import { IdentityFormat, IdentityType } from '@lethe/deletion-sdk/protocol';
import { Regulation } from '../deadlines/deadline-policy';

/** The OpenDSR processor protocol (docs/opendsr.md): names and shapes, no behaviour. */
export const OPENDSR_API_VERSION = '2.0';

export const SUBJECT_REQUEST_TYPES = ['erasure', 'access', 'portability'] as const;
export type SubjectRequestType = (typeof SUBJECT_REQUEST_TYPES)[number];
/** Lethe erases; it does not export a person's data, so access and portability are refused. */
export const SUPPORTED_SUBJECT_REQUEST_TYPES: readonly SubjectRequestType[] = ['erasure'];

/** The spec's identity type keys; each is also a Lethe identity type of the same name. */
export const OPENDSR_IDENTITY_TYPES = [
  'controller_customer_id',
  'android_advertising_id',
  'android_id',
  'email',
  'fire_advertising_id',
  'ios_advertising_id',
  'ios_vendor_id',
  'microsoft_advertising_id',
  'microsoft_publisher_id',
  'roku_publisher_id',
  'roku_advertising_id',
] as const satisfies readonly IdentityType[];
export type OpenDsrIdentityType = (typeof OPENDSR_IDENTITY_TYPES)[number];

export const OPENDSR_IDENTITY_FORMATS = [
  'raw',
  'sha1',
  'md5',
  'sha256',
] as const satisfies readonly IdentityFormat[];

export const OPENDSR_STATUSES = ['pending', 'in_progress', 'completed', 'cancelled'] as const;
export type OpenDsrStatus = (typeof OPENDSR_STATUSES)[number];

/**
 * The protocol was called OpenGDPR, then OpenCompliance, now OpenDSR, and parties must keep honouring the
 * earlier names (spec §10.1): every signed message carries the headers under all three.
 */
export const HEADER_FAMILIES = ['OpenDSR', 'OpenGDPR', 'OpenCompliance'] as const;
export const processorDomainHeader = (family: string): string => `X-${family}-Processor-Domain`;
export const signatureHeader = (family: string): string => `X-${family}-Signature`;

export interface OpenDsrIdentity {
  identity_type: OpenDsrIdentityType;
  identity_value: string;
  identity_format: IdentityFormat;
}

/** A request as validated; fields Lethe does not act on (extensions) are checked for shape and not kept. */
export interface OpenDsrRequest {
  regulation: Regulation;
  subject_request_id: string;
  subject_request_type: SubjectRequestType;
  subject_identities: OpenDsrIdentity[];
  submitted_time: string;
  api_version?: string;
  status_callback_urls: string[];
}

/** One entry of the error object's `errors` (spec §7.6); never carries an identity or a credential. */
export interface OpenDsrErrorDetail {
  domain: string;
  reason: string;
  message: string;
}
