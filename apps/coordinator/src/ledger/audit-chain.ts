import * as crypto from 'node:crypto';

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
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) out += (i > 0 ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  // the verifier hashes every event of the ledger: plain loops, no intermediate arrays of entries
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort(); // UTF-16 code unit order, the same on every platform
  let out = '{';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

// one-shot crypto.hash (Node >= 20.12) skips a Hash object per event; createHash where it is missing
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex = oneShotHash
  ? (text: string): string => oneShotHash('sha256', text, 'hex')
  : (text: string): string => crypto.createHash('sha256').update(text).digest('hex');

/** What the hash of an event covers, apart from its time. */
export interface HashedContent {
  stream: string;
  seq: number;
  type: string;
  actor: string;
  data: unknown;
  prevHash: string;
}

/** An event as the whole-ledger scan reads it: `at` as ISO text, never parsed into a Date. */
export interface StoredEvent extends HashedContent {
  at: string;
  hash: string;
}

export function hashEvent(event: UnsealedEvent): string {
  return hashContent(event, event.at.toISOString());
}

/**
 * `hashEvent` for content read with `at` already as ISO text, as the whole-ledger verification reads it (parsing
 * a million timestamps into Dates only to print them again is measurable). The envelope's keys are fixed, so
 * their canonical order is written out here — the same text `canonicalJson` makes of the whole event (a unit test
 * holds the two together) — and only `data` is canonicalised key by key.
 */
export function hashContent(content: HashedContent, atIso: string): string {
  const { stream, seq, type, actor, data, prevHash } = content;
  // canonicalJson leaves out undefined members; only a caller outside the types can pass one
  const complete =
    stream !== undefined &&
    seq !== undefined &&
    type !== undefined &&
    actor !== undefined &&
    data !== undefined &&
    prevHash !== undefined;
  const text = !complete
    ? canonicalJson({ stream, seq, type, at: atIso, actor, data, prevHash })
    : `{"actor":${JSON.stringify(actor)},"at":${JSON.stringify(atIso)},"data":${canonicalJson(data)},` +
      `"prevHash":${JSON.stringify(prevHash)},"seq":${JSON.stringify(seq)},"stream":${JSON.stringify(stream)},` +
      `"type":${JSON.stringify(type)}}`;
  return sha256Hex(text);
}

/** What a caller appends to a stream: the chain fields (seq, prevHash, hash, time) are the ledger's. */
export interface EventToSeal {
  type: string;
  actor: string;
  data: Record<string, unknown>;
}

/**
 * Chains `events` onto a stream whose head is `head` (`{ seq: 0, hash: GENESIS_HASH }` for a new stream): each
 * gets the next seq, the previous hash and its own hash, all at time `at`. Returns the sealed events and the new
 * head. Every append path seals through here, so there is one definition of how a chain grows.
 */
export function sealEvents(
  stream: string,
  head: StreamHead,
  events: readonly EventToSeal[],
  at: Date,
): { events: ChainedEvent[]; head: StreamHead } {
  const sealed: ChainedEvent[] = new Array<ChainedEvent>(events.length);
  let seq = head.seq;
  let prevHash = head.hash;
  for (let i = 0; i < events.length; i += 1) {
    const { type, actor, data } = events[i];
    seq += 1;
    const unsealed: UnsealedEvent = { stream, seq, type, at, actor, data, prevHash };
    prevHash = hashEvent(unsealed);
    sealed[i] = { ...unsealed, hash: prevHash };
  }
  return { events: sealed, head: { seq, hash: prevHash } };
}

/** The head of a stream that has no events yet. */
export const GENESIS_HEAD: Readonly<StreamHead> = Object.freeze({ seq: 0, hash: GENESIS_HASH });

export interface ChainVerdict {
  valid: boolean;
  /** The first event that does not fit, when invalid. */
  brokenAtSeq?: number;
  reason?: string;
}

export interface StreamHead {
  seq: number;
  hash: string;
}

/**
 * Verifies one stream incrementally, event by event in seq order, so a stream of any length is checked in
 * constant memory: consecutive seqs from 1, each prevHash equal to the previous hash, each hash recomputed, and
 * finally the last hash equal to the recorded head (so truncation is caught too). Only the first break is kept.
 */
export class ChainVerifier {
  private prevHash = GENESIS_HASH;
  private lastSeq = 0;
  private failure?: ChainVerdict;

  add(event: ChainedEvent): void {
    if (!this.failure) this.addStored({ ...event, at: event.at.toISOString() });
  }

  /** `add` for an event read with its time as ISO text. */
  addStored(event: StoredEvent): void {
    if (this.failure) return;
    const expectedSeq = this.lastSeq + 1;
    if (event.seq !== expectedSeq) {
      this.failure = broken(expectedSeq, `event ${expectedSeq} is missing`);
    } else if (event.prevHash !== this.prevHash) {
      this.failure = broken(event.seq, 'does not link to the previous event');
    } else if (hashContent(event, event.at) !== event.hash) {
      this.failure = broken(event.seq, 'content does not match its hash');
    } else {
      this.prevHash = event.hash;
      this.lastSeq = event.seq;
    }
  }

  /**
   * The verdict once every event was added. `head` undefined skips the head check; `null` says the stream must
   * have a head and has none (someone deleted it along with the events it covered).
   */
  finish(head?: StreamHead | null): ChainVerdict {
    if (this.failure) return this.failure;
    if (head === null) {
      return broken(1, this.lastSeq === 0 ? 'stream has no events and no head' : 'stream head is missing');
    }
    if (head) {
      if (head.seq !== this.lastSeq) {
        return broken(
          Math.min(head.seq, this.lastSeq) + 1,
          `stream head is at ${head.seq} but events end at ${this.lastSeq}`,
        );
      }
      // same length, different hash: the events were rewritten and re-hashed after the head was recorded
      if (head.hash !== this.prevHash) {
        return broken(this.lastSeq, `stream head does not match event ${this.lastSeq}`);
      }
    }
    return { valid: true };
  }
}

/** Verifies a whole stream held in memory; see ChainVerifier. */
export function verifyChain(events: readonly ChainedEvent[], head?: StreamHead | null): ChainVerdict {
  const verifier = new ChainVerifier();
  for (const event of events) verifier.add(event);
  return verifier.finish(head);
}

function broken(seq: number, reason: string): ChainVerdict {
  return { valid: false, brokenAtSeq: seq, reason };
}
