import { ProtocolError, ProtocolErrorCode } from './protocol.errors';

export const SIGNATURE_HEADER = 'lethe-signature';
export const KEY_ID_HEADER = 'lethe-key-id';
export const TRACEPARENT_HEADER = 'traceparent';

/** Kafka header values as kafkajs hands them over. */
export type MessageHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

export function headerValue(headers: MessageHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return first === undefined ? undefined : first.toString();
}

/**
 * Where a message is and what it says: everything a signature covers. Signing the topic and key as well as the
 * value means a genuine message copied to another topic (another service, another environment's prefix) or
 * re-keyed no longer verifies.
 */
export interface SignedMessage {
  topic: string;
  key: Buffer | string | null | undefined;
  value: Buffer;
}

/** Bumped if the canonical layout below ever changes, so old and new signatures can never be confused. */
const SIGNED_CONTENT_TAG = Buffer.from('lethe-signed-message/v1\0', 'utf8');

function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/**
 * The canonical bytes a signature is computed over: a version tag, then topic, key and value, each prefixed by
 * its length so no two different (topic, key, value) triples give the same bytes. A missing key is told apart
 * from an empty one.
 */
export function signedContent({ topic, key, value }: SignedMessage): Buffer {
  const keyBytes = key === null || key === undefined ? null : Buffer.from(key);
  return Buffer.concat([
    SIGNED_CONTENT_TAG,
    lengthPrefixed(Buffer.from(topic, 'utf8')),
    Buffer.from([keyBytes === null ? 0 : 1]),
    lengthPrefixed(keyBytes ?? Buffer.alloc(0)),
    lengthPrefixed(value),
  ]);
}

/** Produces the signature headers of one outgoing message. */
export interface MessageSigner {
  readonly keyId: string;
  sign(message: SignedMessage): Record<string, string>;
}

/**
 * Checks the signature headers of one incoming message, throwing a ProtocolError when they do not prove it.
 * `claimedService` is the `service` field of the (not yet trusted) body: per-service keys are chosen by it.
 */
export interface MessageVerifier {
  verify(message: SignedMessage, headers: MessageHeaders | undefined, claimedService: string): void;
}

/** The key id and the signature of the expected scheme (`<scheme>=<signature>`), or a MissingSignature error. */
export function readSignature(
  headers: MessageHeaders | undefined,
  scheme: string,
): { keyId: string; signature: string } {
  const keyId = headerValue(headers, KEY_ID_HEADER);
  const signature = headerValue(headers, SIGNATURE_HEADER);
  if (!keyId || !signature) {
    throw new ProtocolError(ProtocolErrorCode.MissingSignature, `message has no ${SIGNATURE_HEADER} header`);
  }
  const prefix = `${scheme}=`;
  if (!signature.startsWith(prefix)) {
    // Names the scheme only, never the header's content.
    throw new ProtocolError(
      ProtocolErrorCode.BadSignature,
      `signature scheme ${JSON.stringify(signature.split('=', 1)[0].slice(0, 20))} is not the expected "${scheme}"`,
    );
  }
  return { keyId, signature: signature.slice(prefix.length) };
}
