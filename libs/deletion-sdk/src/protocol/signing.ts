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

/**
 * The canonical bytes a signature is computed over: a version tag, then topic, key and value, each prefixed by
 * its length so no two different (topic, key, value) triples give the same bytes. A missing key is told apart
 * from an empty one. Written into one buffer: every message signed or verified goes through here.
 */
export function signedContent({ topic, key, value }: SignedMessage): Buffer {
  const topicLength = Buffer.byteLength(topic, 'utf8');
  const keyLength =
    key === null || key === undefined
      ? 0
      : typeof key === 'string'
        ? Buffer.byteLength(key, 'utf8')
        : key.length;
  const out = Buffer.allocUnsafe(
    SIGNED_CONTENT_TAG.length + 4 + topicLength + 1 + 4 + keyLength + 4 + value.length,
  );
  let at = SIGNED_CONTENT_TAG.copy(out, 0);
  at = out.writeUInt32BE(topicLength, at);
  at += out.write(topic, at, 'utf8');
  at = out.writeUInt8(key === null || key === undefined ? 0 : 1, at);
  at = out.writeUInt32BE(keyLength, at);
  if (typeof key === 'string') at += out.write(key, at, 'utf8');
  else if (key) at += key.copy(out, at);
  at = out.writeUInt32BE(value.length, at);
  value.copy(out, at);
  return out;
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
