export enum ProtocolErrorCode {
  MalformedJson = 'MALFORMED_JSON',
  SchemaViolation = 'SCHEMA_VIOLATION',
  MissingSignature = 'MISSING_SIGNATURE',
  UnknownSigningKey = 'UNKNOWN_SIGNING_KEY',
  BadSignature = 'BAD_SIGNATURE',
}

/** A message that can never become valid by retrying: it belongs in the dead-letter topic. */
export class ProtocolError extends Error {
  readonly retriable = false;

  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}
