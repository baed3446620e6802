import { createHash } from 'node:crypto';

/** Pure hash-chain rules of the audit ledger. */

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedEvent {
  stream: string;
  seq: number;
  type: string;
  at: Date;
  actor: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type UnsealedEvent = Omit<ChainedEvent, 'hash'>;

/** JSON with object keys sorted at every depth: Postgres jsonb does not keep key order, the hash must not care. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashEvent(event: UnsealedEvent): string {
  const { stream, seq, type, at, actor, data, prevHash } = event;
  return createHash('sha256')
    .update(canonicalJson({ stream, seq, type, at: at.toISOString(), actor, data, prevHash }))
    .digest('hex');
}

export interface ChainVerdict {
  valid: boolean;
  /** The first event that does not fit, when invalid. */
  brokenAtSeq?: number;
  reason?: string;
}

/**
 * Verifies a stream's events in seq order: consecutive seqs from 1, each prevHash equal to the previous hash,
 * each hash recomputed, and the last hash equal to the recorded head (so truncation is caught too).
 */
export function verifyChain(
  events: readonly ChainedEvent[],
  head?: { seq: number; hash: string },
): ChainVerdict {
  let prevHash = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const expectedSeq = index + 1;
    if (event.seq !== expectedSeq) return broken(expectedSeq, `event ${expectedSeq} is missing`);
    if (event.prevHash !== prevHash) return broken(event.seq, 'does not link to the previous event');
    if (hashEvent(event) !== event.hash) return broken(event.seq, 'content does not match its hash');
    prevHash = event.hash;
  }
  if (head) {
    const lastSeq = events.length;
    if (head.seq !== lastSeq) {
      return broken(
        Math.min(head.seq, lastSeq) + 1,
        `stream head is at ${head.seq} but events end at ${lastSeq}`,
      );
    }
    // same length, different hash: the events were rewritten and re-hashed after the head was recorded
    if (head.hash !== prevHash) return broken(lastSeq, `stream head does not match event ${lastSeq}`);
  }
  return { valid: true };
}

function broken(seq: number, reason: string): ChainVerdict {
  return { valid: false, brokenAtSeq: seq, reason };
}
