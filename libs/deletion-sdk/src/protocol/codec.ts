import { LetheMessage } from './messages';
import { ProtocolError, ProtocolErrorCode } from './protocol.errors';
import { MessageHeaders, MessageSigner, MessageVerifier, TRACEPARENT_HEADER } from './signing';

export interface EncodedMessage {
  value: Buffer;
  headers: Record<string, string>;
}

/** Where a message goes: both are covered by its signature. */
export interface MessageDestination {
  topic: string;
  key: string;
}

/** A message as consumed: where it was read from and its raw bytes. */
export interface ReceivedMessage {
  topic: string;
  key: Buffer | string | null | undefined;
  value: Buffer | null | undefined;
  headers?: MessageHeaders;
}

/** Serialises and signs; the signature covers exactly the bytes sent, on this topic, under this key. */
export function encodeMessage(
  message: LetheMessage,
  destination: MessageDestination,
  signer: MessageSigner,
  traceparent?: string,
): EncodedMessage {
  const value = Buffer.from(JSON.stringify(message));
  const headers = signer.sign({ ...destination, value });
  if (traceparent) headers[TRACEPARENT_HEADER] = traceparent;
  return { value, headers };
}

/**
 * Turns raw Kafka bytes into a trusted, typed message: JSON first (to learn the claimed service), then the
 * signature over topic, key and raw bytes, then the schema. Throws ProtocolError, which is never retriable.
 */
export function decodeMessage<T extends LetheMessage>(
  received: ReceivedMessage,
  verifier: MessageVerifier,
  parse: (body: unknown) => T,
): T {
  const { value } = received;
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
  verifier.verify({ topic: received.topic, key: received.key, value }, received.headers, service);
  return parse(body);
}
