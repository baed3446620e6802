import { createHash } from 'node:crypto';
import {
  canonicalJson,
  ChainedEvent,
  ChainVerifier,
  GENESIS_HASH,
  GENESIS_HEAD,
  hashContent,
  HashedContent,
  hashEvent,
  sealEvents,
  UnsealedEvent,
  verifyChain,
} from './audit-chain';

const STREAM = 'request:7d3f2c1e-5b7a-4f7e-9a53-2b1f0c9d8e01';

/** Seals events the way LedgerRepository.append does: seq from 1, each linked to the previous hash. */
function chainOf(...events: Pick<ChainedEvent, 'type' | 'actor' | 'data'>[]): ChainedEvent[] {
  const chain: ChainedEvent[] = [];
  let prevHash = GENESIS_HASH;
  events.forEach((event, index) => {
    const unsealed: UnsealedEvent = {
      stream: STREAM,
      seq: index + 1,
      at: new Date(Date.UTC(2027, 0, 15, 9, 30, index)),
      prevHash,
      ...event,
    };
    const hash = hashEvent(unsealed);
    chain.push({ ...unsealed, hash });
    prevHash = hash;
  });
  return chain;
}

const headOf = (chain: readonly ChainedEvent[]) =>
  chain.length === 0
    ? { seq: 0, hash: GENESIS_HASH }
    : { seq: chain.length, hash: chain[chain.length - 1].hash };

/** Re-links and re-hashes every event, as someone rewriting the table would, so only the head can tell. */
function reseal(chain: ChainedEvent[]): ChainedEvent[] {
  let prevHash = GENESIS_HASH;
  return chain.map((event) => {
    const { hash: _old, ...unsealed } = { ...event, prevHash };
    const hash = hashEvent(unsealed);
    prevHash = hash;
    return { ...unsealed, hash };
  });
}

const history = () =>
  chainOf(
    {
      type: 'request.received',
      actor: 'api-key:ops',
      data: { regulation: 'gdpr', services: ['accounts', 'orders'] },
    },
    { type: 'task.dispatched', actor: 'system', data: { service: 'accounts', attempt: 1 } },
    { type: 'task.result', actor: 'service:accounts', data: { outcome: 'deleted', recordsAffected: 3 } },
    { type: 'request.completed', actor: 'system', data: { from: 'in_progress' } },
  );

describe('audit-chain', () => {
  describe(canonicalJson.name, () => {
    it.each<[string, unknown, string]>([
      ['a string', 'a"b', '"a\\"b"'],
      ['a number', 42.5, '42.5'],
      ['a boolean', true, 'true'],
      ['null', null, 'null'],
      ['undefined at the top level', undefined, 'null'],
      ['an empty object', {}, '{}'],
      ['an empty array', [], '[]'],
      ['a Date, as its ISO instant', new Date('2027-01-15T09:30:00.000Z'), '"2027-01-15T09:30:00.000Z"'],
    ])('encodes %s', (_case, value, json) => {
      expect(canonicalJson(value)).toBe(json);
    });

    it('sorts keys, so key order does not matter', () => {
      expect(canonicalJson({ b: 1, a: 2, c: 3 })).toBe('{"a":2,"b":1,"c":3}');
      expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
    });

    it('sorts keys at every depth, including objects inside arrays', () => {
      const one = { z: { y: 1, x: [{ b: 2, a: 1 }] }, a: null };
      const other = { a: null, z: { x: [{ a: 1, b: 2 }], y: 1 } };
      expect(canonicalJson(one)).toBe('{"a":null,"z":{"x":[{"a":1,"b":2}],"y":1}}');
      expect(canonicalJson(other)).toBe(canonicalJson(one));
    });

    it('keeps array order, because it is meaningful', () => {
      expect(canonicalJson([2, 1, 3])).toBe('[2,1,3]');
      expect(canonicalJson(['b', 'a'])).not.toBe(canonicalJson(['a', 'b']));
    });

    it('drops undefined properties like JSON (and jsonb) do, but keeps nulls', () => {
      expect(canonicalJson({ a: 1, gone: undefined, kept: null })).toBe('{"a":1,"kept":null}');
      expect(canonicalJson({ a: 1, gone: undefined })).toBe(canonicalJson({ a: 1 }));
    });

    it('encodes undefined inside an array as null, like JSON.stringify', () => {
      expect(canonicalJson([1, undefined, 2])).toBe('[1,null,2]');
    });

    it('encodes a nested Date exactly like its ISO string, so a jsonb round trip keeps the hash', () => {
      const at = new Date('2027-01-15T09:30:00.123Z');
      expect(canonicalJson({ at })).toBe(canonicalJson({ at: '2027-01-15T09:30:00.123Z' }));
      expect(canonicalJson({ at })).toBe('{"at":"2027-01-15T09:30:00.123Z"}');
    });

    it('matches JSON.parse∘JSON.stringify of the same value, whatever the key order', () => {
      const value = { b: [1, { d: 'x', c: true }], a: { f: null, e: 1.5 } };
      expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
    });

    it('escapes keys', () => {
      expect(canonicalJson({ 'a"b': 1 })).toBe('{"a\\"b":1}');
    });
  });

  describe(hashEvent.name, () => {
    const event: UnsealedEvent = {
      stream: STREAM,
      seq: 1,
      type: 'request.received',
      at: new Date('2027-01-15T09:30:00.000Z'),
      actor: 'api-key:ops',
      data: { regulation: 'gdpr', services: ['accounts'] },
      prevHash: GENESIS_HASH,
    };

    it('is a SHA-256 hex digest of the canonical event', () => {
      const expected = createHash('sha256')
        .update(
          canonicalJson({
            stream: event.stream,
            seq: 1,
            type: event.type,
            at: '2027-01-15T09:30:00.000Z',
            actor: event.actor,
            data: event.data,
            prevHash: GENESIS_HASH,
          }),
        )
        .digest('hex');
      expect(hashEvent(event)).toBe(expected);
      expect(hashEvent(event)).toMatch(/^[0-9a-f]{64}$/);
    });

    it('is deterministic, and independent of the key order of data', () => {
      expect(hashEvent(event)).toBe(hashEvent({ ...event }));
      expect(hashEvent({ ...event, data: { services: ['accounts'], regulation: 'gdpr' } })).toBe(
        hashEvent(event),
      );
    });

    it.each<[string, Partial<UnsealedEvent>]>([
      ['stream', { stream: 'request:other' }],
      ['seq', { seq: 2 }],
      ['type', { type: 'request.cancelled' }],
      ['at', { at: new Date('2027-01-15T09:30:00.001Z') }],
      ['actor', { actor: 'api-key:intruder' }],
      ['data', { data: { regulation: 'ccpa', services: ['accounts'] } }],
      ['prevHash', { prevHash: 'f'.repeat(64) }],
    ])('changes when %s changes', (_field, change) => {
      expect(hashEvent({ ...event, ...change })).not.toBe(hashEvent(event));
    });

    it('ignores a hash already present on the event', () => {
      const sealed = { ...event, hash: 'anything' } as UnsealedEvent;
      expect(hashEvent(sealed)).toBe(hashEvent(event));
    });
  });

  describe(hashContent.name, () => {
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    const at = '2027-01-15T09:30:00.123Z';

    it.each<[string, HashedContent]>([
      [
        'a typical event',
        {
          stream: STREAM,
          seq: 3,
          type: 'task.result',
          actor: 'service:accounts',
          data: { b: 1, a: [2] },
          prevHash: GENESIS_HASH,
        },
      ],
      [
        'text that JSON must escape',
        {
          stream: 'we"ird\\\n',
          seq: 1,
          type: 'é\u2028',
          actor: '\u0000',
          data: { 'k"': 'v\t' },
          prevHash: 'x',
        },
      ],
      [
        'data that is not an object',
        { stream: 's', seq: 0, type: 't', actor: 'a', data: null, prevHash: 'p' },
      ],
      [
        'data that is an array',
        { stream: 's', seq: 2, type: 't', actor: 'a', data: [{ z: 1, y: 2 }], prevHash: 'p' },
      ],
    ])('hashes the same text canonicalJson makes of the whole event: %s', (_name, content) => {
      const { stream, seq, type, actor, data, prevHash } = content;
      expect(hashContent(content, at)).toBe(
        sha256(canonicalJson({ stream, seq, type, at, actor, data, prevHash })),
      );
    });

    it('leaves out a member that is undefined, as canonicalJson does', () => {
      const content = { stream: 's', seq: 1, type: 't', actor: undefined, data: {}, prevHash: 'p' };
      expect(hashContent(content as unknown as HashedContent, at)).toBe(
        sha256(canonicalJson({ stream: 's', seq: 1, type: 't', at, data: {}, prevHash: 'p' })),
      );
    });

    it('is hashEvent for the event at that time', () => {
      const [event] = history();
      expect(hashContent(event, event.at.toISOString())).toBe(hashEvent(event));
    });
  });

  describe(verifyChain.name, () => {
    it('accepts an intact chain, with or without its head', () => {
      const chain = history();
      expect(verifyChain(chain)).toEqual({ valid: true });
      expect(verifyChain(chain, headOf(chain))).toEqual({ valid: true });
    });

    it('accepts a chain of one event', () => {
      const chain = history().slice(0, 1);
      expect(verifyChain(chain, headOf(chain))).toEqual({ valid: true });
    });

    it('accepts an empty stream without a head, or with a head still at genesis', () => {
      expect(verifyChain([])).toEqual({ valid: true });
      expect(verifyChain([], { seq: 0, hash: GENESIS_HASH })).toEqual({ valid: true });
    });

    it('rejects an empty stream whose head says events were written', () => {
      expect(verifyChain([], { seq: 2, hash: 'a'.repeat(64) })).toEqual({
        valid: false,
        brokenAtSeq: 1,
        reason: 'stream head is at 2 but events end at 0',
      });
    });

    it.each<[string, (event: ChainedEvent) => ChainedEvent]>([
      ['data', (event) => ({ ...event, data: { ...event.data, outcome: 'not_found' } })],
      ['nested data', (event) => ({ ...event, data: { ...event.data, extra: { note: 'edited' } } })],
      ['type', (event) => ({ ...event, type: 'task.failed' })],
      ['actor', (event) => ({ ...event, actor: 'service:orders' })],
      ['at', (event) => ({ ...event, at: new Date(event.at.getTime() + 1) })],
      ['stream', (event) => ({ ...event, stream: 'request:other' })],
      ['hash', (event) => ({ ...event, hash: 'f'.repeat(64) })],
    ])('rejects an event whose %s was edited', (_field, edit) => {
      const chain = history();
      chain[2] = edit(chain[2]);
      expect(verifyChain(chain)).toEqual({
        valid: false,
        brokenAtSeq: 3,
        reason: 'content does not match its hash',
      });
    });

    it('rejects an edited event whose hash was recomputed, because the next event no longer links to it', () => {
      const chain = history();
      const { hash: _old, ...unsealed } = { ...chain[1], data: { service: 'accounts', attempt: 2 } };
      chain[1] = { ...unsealed, hash: hashEvent(unsealed) };
      expect(verifyChain(chain)).toEqual({
        valid: false,
        brokenAtSeq: 3,
        reason: 'does not link to the previous event',
      });
    });

    it('rejects a first event that does not start from the genesis hash', () => {
      const chain = history();
      const { hash: _old, ...unsealed } = { ...chain[0], prevHash: 'a'.repeat(64) };
      chain[0] = { ...unsealed, hash: hashEvent(unsealed) };
      expect(verifyChain(chain)).toEqual({
        valid: false,
        brokenAtSeq: 1,
        reason: 'does not link to the previous event',
      });
    });

    it('rejects an event whose prevHash was changed', () => {
      const chain = history();
      chain[3] = { ...chain[3], prevHash: chain[1].hash };
      expect(verifyChain(chain)).toEqual({
        valid: false,
        brokenAtSeq: 4,
        reason: 'does not link to the previous event',
      });
    });

    it('rejects reordered events', () => {
      const chain = history();
      [chain[1], chain[2]] = [chain[2], chain[1]];
      expect(verifyChain(chain)).toEqual({ valid: false, brokenAtSeq: 2, reason: 'event 2 is missing' });
    });

    it('rejects reordered events even when their seqs were renumbered', () => {
      const chain = history();
      [chain[1], chain[2]] = [
        { ...chain[2], seq: 2 },
        { ...chain[1], seq: 3 },
      ];
      expect(verifyChain(chain)).toMatchObject({ valid: false, brokenAtSeq: 2 });
    });

    it('rejects a stream with a missing middle event', () => {
      const chain = history();
      chain.splice(1, 1);
      expect(verifyChain(chain)).toEqual({ valid: false, brokenAtSeq: 2, reason: 'event 2 is missing' });
    });

    it('rejects a stream that does not start at seq 1', () => {
      expect(verifyChain(history().slice(1))).toEqual({
        valid: false,
        brokenAtSeq: 1,
        reason: 'event 1 is missing',
      });
    });

    it('rejects a duplicated event', () => {
      const chain = history();
      chain.splice(2, 0, chain[1]);
      expect(verifyChain(chain)).toEqual({ valid: false, brokenAtSeq: 3, reason: 'event 3 is missing' });
    });

    it('cannot see a truncated tail without the head, and catches it with the head', () => {
      const chain = history();
      const head = headOf(chain);
      const truncated = chain.slice(0, 2);
      expect(verifyChain(truncated)).toEqual({ valid: true });
      expect(verifyChain(truncated, head)).toEqual({
        valid: false,
        brokenAtSeq: 3,
        reason: 'stream head is at 4 but events end at 2',
      });
    });

    it('rejects events beyond the head, naming the first one the head does not cover', () => {
      const chain = history();
      expect(verifyChain(chain, headOf(chain.slice(0, 2)))).toEqual({
        valid: false,
        brokenAtSeq: 3,
        reason: 'stream head is at 2 but events end at 4',
      });
    });

    it('catches a rewritten chain whose hashes were all recomputed, via the head hash', () => {
      const chain = history();
      const head = headOf(chain);
      chain[2] = { ...chain[2], data: { outcome: 'deleted', recordsAffected: 0 } };
      const rewritten = reseal(chain);
      expect(verifyChain(rewritten)).toEqual({ valid: true });
      expect(verifyChain(rewritten, head)).toEqual({
        valid: false,
        brokenAtSeq: 4,
        reason: 'stream head does not match event 4',
      });
    });

    it('rejects an empty stream whose head is not the genesis hash', () => {
      expect(verifyChain([], { seq: 0, hash: 'a'.repeat(64) })).toMatchObject({ valid: false });
    });

    it('rejects a stream that must have a head and has none', () => {
      expect(verifyChain(history(), null)).toEqual({
        valid: false,
        brokenAtSeq: 1,
        reason: 'stream head is missing',
      });
    });

    it('rejects a stream that must exist and has neither events nor head', () => {
      expect(verifyChain([], null)).toEqual({
        valid: false,
        brokenAtSeq: 1,
        reason: 'stream has no events and no head',
      });
    });

    it('reports a content break before a missing head', () => {
      const chain = history();
      chain[1] = { ...chain[1], actor: 'someone' };
      expect(verifyChain(chain, null)).toMatchObject({
        brokenAtSeq: 2,
        reason: 'content does not match its hash',
      });
    });

    it('reports the first break when there are several', () => {
      const chain = history();
      chain[1] = { ...chain[1], actor: 'someone' };
      chain[3] = { ...chain[3], type: 'request.cancelled' };
      expect(verifyChain(chain)).toMatchObject({ valid: false, brokenAtSeq: 2 });
    });
  });

  describe(ChainVerifier.name, () => {
    it('gives the same verdict event by event as over the whole array', () => {
      const chain = history();
      const verifier = new ChainVerifier();
      chain.forEach((event) => verifier.add(event));
      expect(verifier.finish(headOf(chain))).toEqual(verifyChain(chain, headOf(chain)));
    });

    it.each<[string, (chain: ChainedEvent[]) => void]>([
      ['intact', () => undefined],
      ['edited', (chain) => (chain[2] = { ...chain[2], at: new Date(chain[2].at.getTime() + 1) })],
      ['unlinked', (chain) => (chain[1] = { ...chain[1], prevHash: 'f'.repeat(64) })],
      ['with a gap', (chain) => chain.splice(1, 1)],
    ])('agrees with add when fed times as ISO text (addStored): %s', (_name, tamper) => {
      const chain = history();
      tamper(chain);
      const stored = new ChainVerifier();
      chain.forEach((event) => stored.addStored({ ...event, at: event.at.toISOString() }));
      expect(stored.finish(headOf(history()))).toEqual(verifyChain(chain, headOf(history())));
    });

    it('keeps the first break and ignores the events after it', () => {
      const chain = history();
      chain[1] = { ...chain[1], data: { edited: true } };
      const verifier = new ChainVerifier();
      chain.forEach((event) => verifier.add(event));
      expect(verifier.finish(headOf(chain))).toEqual({
        valid: false,
        brokenAtSeq: 2,
        reason: 'content does not match its hash',
      });
    });
  });
  describe(sealEvents.name, () => {
    const AT = new Date(Date.UTC(2027, 0, 15, 9, 30, 0));
    const toSeal = [
      { type: 'request.received', actor: 'api-key:ops', data: { regulation: 'gdpr' } },
      { type: 'task.dispatched', actor: 'system', data: { service: 'accounts', attempt: 1 } },
      { type: 'request.completed', actor: 'system', data: {} },
    ];

    it('starts a new stream from genesis: seqs from 1, each linked to the previous hash, hashed by hashEvent', () => {
      const { events, head } = sealEvents(STREAM, GENESIS_HEAD, toSeal, AT);
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(events[0].prevHash).toBe(GENESIS_HASH);
      events.forEach((event, i) => {
        const { hash, ...unsealed } = event;
        expect(hash).toBe(hashEvent(unsealed));
        expect(event).toMatchObject({ stream: STREAM, at: AT, ...toSeal[i] });
        if (i > 0) expect(event.prevHash).toBe(events[i - 1].hash);
      });
      expect(head).toEqual({ seq: 3, hash: events[2].hash });
      expect(verifyChain(events, head)).toEqual({ valid: true });
    });

    it('continues an existing stream from its head, the same chain as sealing everything at once', () => {
      const whole = sealEvents(STREAM, GENESIS_HEAD, toSeal, AT);
      const first = sealEvents(STREAM, GENESIS_HEAD, toSeal.slice(0, 1), AT);
      const rest = sealEvents(STREAM, first.head, toSeal.slice(1), AT);
      expect([...first.events, ...rest.events]).toEqual(whole.events);
      expect(rest.head).toEqual(whole.head);
    });

    it('returns the head unchanged and no events for nothing to seal', () => {
      const head = { seq: 7, hash: 'a'.repeat(64) };
      expect(sealEvents(STREAM, head, [], AT)).toEqual({ events: [], head });
    });

    it('seals what chainOf seals, event for event', () => {
      const chain = history();
      const sealed = chain.map((event) =>
        sealEvents(STREAM, { seq: event.seq - 1, hash: event.prevHash }, [event], event.at),
      );
      expect(sealed.map((s) => s.events[0])).toEqual(chain);
    });

    it('neither changes its input nor shares the head object', () => {
      const head = { seq: 0, hash: GENESIS_HASH };
      const input = toSeal.map((event) => ({ ...event }));
      const result = sealEvents(STREAM, head, input, AT);
      expect(head).toEqual({ seq: 0, hash: GENESIS_HASH });
      expect(input).toEqual(toSeal);
      expect(result.head).not.toBe(head);
      expect(GENESIS_HEAD).toEqual({ seq: 0, hash: GENESIS_HASH });
    });

    it('gives different hashes to the same events in another stream or at another time', () => {
      const base = sealEvents(STREAM, GENESIS_HEAD, toSeal, AT).head.hash;
      expect(sealEvents('registry', GENESIS_HEAD, toSeal, AT).head.hash).not.toBe(base);
      expect(sealEvents(STREAM, GENESIS_HEAD, toSeal, new Date(AT.getTime() + 1)).head.hash).not.toBe(base);
    });
  });
});
