import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Lethe's webhook signature as a vendor implements it from docs/targets.md alone (it shares no code with the
 * coordinator, which is the point of the sample): `lethe-signature: v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`
 * with `lethe-timestamp: <t>` in unix seconds.
 */
const hmac = (secret: string, timestamp: string, body: string) =>
  `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

export function vendorSignedHeaders(secret: string, body: string, now = new Date()): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { 'lethe-timestamp': timestamp, 'lethe-signature': hmac(secret, timestamp, body) };
}

/** Whether a message from Lethe carries a fresh, valid signature. */
export function isSignedByLethe(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  windowMs: number,
  now = new Date(),
): boolean {
  const timestamp = headers['lethe-timestamp'];
  const signature = headers['lethe-signature'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string' || !/^\d+$/.test(timestamp))
    return false;
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > windowMs) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
