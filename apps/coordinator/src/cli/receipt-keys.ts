import { existsSync, readFileSync } from 'node:fs';
import { ReceiptVerificationKey } from '@lethe/deletion-sdk/protocol';

/**
 * Where `lethe receipt verify` gets its public keys: a key given on the command line (offline, the auditor's
 * case) or the coordinator's public endpoint. Kept apart from the command so both stay short.
 */

/**
 * `--public-key` takes a PEM file's path, PEM text, one raw base64 key, or `id:base64` pairs joined by commas
 * (what `lethe receipt public-key` prints). A key without an id is tried whatever key id the receipt names.
 */
export function parsePublicKeyOption(option: string): ReceiptVerificationKey[] {
  const text = existsSync(option) ? readFileSync(option, 'utf8').trim() : option.trim();
  if (text.startsWith('-----BEGIN')) return [{ publicKey: text }];
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const colon = item.indexOf(':');
      return colon < 0 ? { publicKey: item } : { id: item.slice(0, colon), publicKey: item.slice(colon + 1) };
    });
}

interface PublishedKeys {
  keys?: { id?: unknown; publicKey?: unknown }[];
}

/** Fetches `<url>/v1/keys/receipt-signing` (public, no API key). */
export async function fetchPublishedKeys(url: string): Promise<ReceiptVerificationKey[]> {
  const endpoint = `${url.replace(/\/+$/, '')}/v1/keys/receipt-signing`;
  const response = await fetch(endpoint, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${endpoint} answered ${response.status}`);
  const body = (await response.json()) as PublishedKeys;
  const keys = (body.keys ?? []).flatMap((key) =>
    typeof key.id === 'string' && typeof key.publicKey === 'string'
      ? [{ id: key.id, publicKey: key.publicKey }]
      : [],
  );
  if (keys.length === 0) throw new Error(`${endpoint} lists no receipt-signing keys`);
  return keys;
}
