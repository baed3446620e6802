import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  OPENDSR_IDENTITY_FORMATS,
  OPENDSR_IDENTITY_TYPES,
  OPENDSR_STATUSES,
  SUBJECT_REQUEST_TYPES,
} from '../opendsr-protocol';

/** OpenAPI descriptions only: bodies are validated by opendsr-request-validation.ts, in the spec's error shape. */
export class OpenDsrIdentityBody {
  @ApiProperty({ enum: OPENDSR_IDENTITY_TYPES }) identity_type: string;
  @ApiProperty({ description: 'the value, or the lower-case hex digest of the normalised value' })
  identity_value: string;
  @ApiProperty({ enum: OPENDSR_IDENTITY_FORMATS }) identity_format: string;
}

export class OpenDsrRequestBody {
  @ApiProperty({ enum: ['gdpr', 'ccpa'], description: 'optional on the legacy routes (gdpr)' })
  regulation: string;
  @ApiProperty({ description: 'lower-case UUID v4; submitting it again creates nothing new' })
  subject_request_id: string;
  @ApiProperty({ enum: SUBJECT_REQUEST_TYPES, description: 'only erasure is performed' })
  subject_request_type: string;
  @ApiProperty({ type: [OpenDsrIdentityBody] }) subject_identities: OpenDsrIdentityBody[];
  @ApiProperty({ format: 'date-time' }) submitted_time: string;
  @ApiPropertyOptional() api_version?: string;
  @ApiPropertyOptional({ type: [String], description: 'must pass LETHE_OPENDSR_CALLBACK_ALLOWLIST' })
  status_callback_urls?: string[];
  @ApiPropertyOptional({ type: Object, description: 'keyed by processor domain; Lethe implements none' })
  extensions?: Record<string, unknown>;
}

export class OpenDsrReceiptResponse {
  @ApiProperty() controller_id: string;
  @ApiProperty({ format: 'date-time' }) expected_completion_time: string;
  @ApiProperty({ format: 'date-time' }) received_time: string;
  @ApiProperty({ description: 'base64 of the request body as received' }) encoded_request: string;
  @ApiProperty() subject_request_id: string;
  @ApiProperty() api_version: string;
  @ApiProperty({ description: 'RSA-SHA256 over the JSON of the other fields, base64' })
  processor_signature: string;
}

export class OpenDsrStatusResponse {
  @ApiProperty() controller_id: string;
  @ApiProperty({ format: 'date-time' }) expected_completion_time: string;
  @ApiProperty() subject_request_id: string;
  @ApiProperty({ enum: OPENDSR_STATUSES }) request_status: string;
  @ApiProperty() api_version: string;
}

export class OpenDsrCancellationResponse {
  @ApiProperty() controller_id: string;
  @ApiProperty() subject_request_id: string;
  @ApiProperty({ format: 'date-time' }) received_time: string;
  @ApiProperty() api_version: string;
  @ApiProperty() processor_signature: string;
}

export class OpenDsrSupportedIdentity {
  @ApiProperty({ enum: OPENDSR_IDENTITY_TYPES }) identity_type: string;
  @ApiProperty({ enum: OPENDSR_IDENTITY_FORMATS }) identity_format: string;
}

export class OpenDsrDiscoveryResponse {
  @ApiProperty() api_version: string;
  @ApiProperty({ type: [OpenDsrSupportedIdentity] }) supported_identities: OpenDsrSupportedIdentity[];
  @ApiProperty({ type: [String] }) supported_subject_request_types: string[];
  @ApiProperty({ description: 'URL of the PEM certificate' }) processor_certificate: string;
}

export class OpenDsrErrorDetailResponse {
  @ApiProperty() domain: string;
  @ApiProperty() reason: string;
  @ApiProperty() message: string;
}

export class OpenDsrErrorBody {
  @ApiProperty({ description: 'the HTTP status' }) code: number;
  @ApiProperty() message: string;
  @ApiProperty({ type: [OpenDsrErrorDetailResponse] }) errors: OpenDsrErrorDetailResponse[];
}

export class OpenDsrErrorResponse {
  @ApiProperty({ type: OpenDsrErrorBody }) error: OpenDsrErrorBody;
}
