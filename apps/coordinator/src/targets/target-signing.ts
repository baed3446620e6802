import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 request signing between Lethe and a webhook target, both ways (commands and status polls out,
 * callbacks in), with the target's shared secret: `lethe-signature: v1=<hex HMAC(secret, "<timestamp>.<body>")>`
 * and `lethe-timestamp: <unix seconds>`. The timestamp is signed too, so an old message cannot be re-dated, and
 * a receiver refuses a timestamp outside its window. HMAC rather than Ed25519 because every webhook vendor can
 * check it with a standard library (the scheme Stripe, GitHub and Slack use).
 */
export const TIMESTAMP_HEADER = 'lethe-timestamp';
export const SIGNATURE_HEADER = 'lethe-signature';
const VERSION = 'v1';

export function signatureOf(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
  return `${VERSION}=${mac}`;
}

export function signedHeaders(secret: string, body: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signatureOf(secret, timestamp, body) };
}

/** Why a signed message must be refused, or undefined when its signature and timestamp hold. */
export function signatureProblem(
  secret: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  body: string,
  now: Date,
  windowMs: number,
): string | undefined {
  if (!timestampHeader || !/^\d{1,12}$/.test(timestampHeader)) return `${TIMESTAMP_HEADER} is missing`;
  if (!signatureHeader) return `${SIGNATURE_HEADER} is missing`;
  const timestamp = Number(timestampHeader);
  if (Math.abs(now.getTime() - timestamp * 1000) > windowMs) {
    return `${TIMESTAMP_HEADER} is outside the accepted window`;
  }
  const expected = Buffer.from(signatureOf(secret, timestamp, body));
  // any of several comma-separated signatures may match, so a target can roll its secret over
  const offered = signatureHeader.split(',').map((part) => Buffer.from(part.trim()));
  const matches = offered.some(
    (given) => given.length === expected.length && timingSafeEqual(given, expected),
  );
  return matches ? undefined : 'the signature does not match';
}
