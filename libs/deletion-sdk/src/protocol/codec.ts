import { LetheMessage } from './messages';
import { ProtocolError, ProtocolErrorCode } from './protocol.errors';
import { MessageHeaders, SecretLookup, SigningKey, signatureHeaders, verifySignature } from './signing';

export interface EncodedMessage {
  value: Buffer;
  headers: Record<string, string>;
}

/** Serialises and signs; the signature covers exactly the bytes sent. */
export function encodeMessage(message: LetheMessage, key: SigningKey, traceparent?: string): EncodedMessage {
  const value = Buffer.from(JSON.stringify(message));
  const headers = signatureHeaders(value, key);
  if (traceparent) headers.traceparent = traceparent;
  return { value, headers };
}

/**
 * Turns raw Kafka bytes into a trusted, typed message: JSON first (to learn the claimed service), then the
 * signature over the raw bytes, then the schema. Throws ProtocolError, which is never retriable.
 */
export function decodeMessage<T extends LetheMessage>(
  value: Buffer | null | undefined,
  headers: MessageHeaders | undefined,
  lookup: SecretLookup,
  parse: (body: unknown) => T,
): T {
  if (!value || value.length === 0)
    throw new ProtocolError(ProtocolErrorCode.MalformedJson, 'message has no value');
  let body: unknown;
  try {
    body = JSON.parse(value.toString('utf8'));
  } catch {
    throw new ProtocolError(ProtocolErrorCode.MalformedJson, 'message value is not valid JSON');
  }
  const service = (body as { service?: unknown } | null)?.service;
  if (typeof service !== 'string') {
    throw new ProtocolError(ProtocolErrorCode.SchemaViolation, 'invalid message: service: is required', [
      'service: is required',
    ]);
  }
  verifySignature(value, headers, service, lookup);
  return parse(body);
}
