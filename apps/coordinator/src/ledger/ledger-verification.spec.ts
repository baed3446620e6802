import { ChainedEvent, GENESIS_HASH, hashEvent, StreamHead } from './audit-chain';
import type { ChainRow } from './ledger.repository';
import {
  LedgerScan,
  rangesBetween,
  StreamRange,
  verifyLedger,
  verifyStreamRange,
} from './ledger-verification';

type Ledger = { events: ChainedEvent[]; heads: Map<string, StreamHead>; requests: string[] };

function streamOf(stream: string, length: number): ChainedEvent[] {
  const events: ChainedEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const unsealed = {
      stream,
      seq,
      type: 'task.result',
      at: new Date(Date.UTC(2027, 0, 15, 9, 30, seq)),
      actor: 'system',
      data: { seq },
      prevHash,
    };
    prevHash = hashEvent(unsealed);
    events.push({ ...unsealed, hash: prevHash });
  }
  return events;
}

function ledgerOf(lengths: Record<string, number>): Ledger {
  const events = Object.entries(lengths).flatMap(([stream, length]) => streamOf(stream, length));
  const heads = new Map<string, StreamHead>();
  for (const event of events) heads.set(event.stream, { seq: event.seq, hash: event.hash });
  return { events, heads, requests: [] };
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** An in-memory LedgerScan with the repository's ordering and keyset semantics; records each page asked for. */
function scanOf(ledger: Ledger): LedgerScan & { pages: number; ranges: StreamRange[] } {
  const scan = {
    pages: 0,
    ranges: [] as StreamRange[],
    async chainRows(
      range: StreamRange,
      after: { stream: string; seq: number } | undefined,
      limit: number,
    ): Promise<ChainRow[]> {
      scan.pages += 1;
      if (!scan.ranges.includes(range)) scan.ranges.push(range);
      return ledger.events
        .slice()
        .sort((a, b) => byName(a.stream, b.stream) || a.seq - b.seq)
        .filter(
          (e) =>
            (range.from === undefined || e.stream >= range.from) &&
            (range.to === undefined || e.stream < range.to),
        )
        .filter((e) => !after || e.stream > after.stream || (e.stream === after.stream && e.seq > after.seq))
        .slice(0, limit)
        .map((event) => {
          const head = ledger.heads.get(event.stream);
          return {
            ...event,
            at: event.at.toISOString(),
            headSeq: head?.seq ?? null,
            headHash: head?.hash ?? null,
          };
        });
    },
    async streamBoundaries(parts: number) {
      // like ntile over the heads: the first stream of every part but the first
      const streams = [...ledger.heads.keys()].sort(byName);
      const cuts: string[] = [];
      for (let part = 1; part < parts; part += 1) {
        const at = Math.ceil((part * streams.length) / parts);
        if (at > 0 && at < streams.length) cuts.push(streams[at]);
      }
      return cuts;
    },
    async headsWithoutEvents(after: string | undefined, limit: number) {
      return [...ledger.heads]
        .filter(([stream]) => !ledger.events.some((e) => e.stream === stream))
        .filter(([stream]) => after === undefined || stream > after)
        .sort(([a], [b]) => byName(a, b))
        .slice(0, limit)
        .map(([stream, head]) => ({ stream, head }));
    },
    async missingStreams(after: string | undefined, limit: number) {
      return ledger.requests
        .filter((stream) => !ledger.heads.has(stream) && !ledger.events.some((e) => e.stream === stream))
        .filter((stream) => after === undefined || stream > after)
        .sort(byName)
        .slice(0, limit);
    },
  };
  return scan;
}

describe(rangesBetween.name, () => {
  it('covers the whole key space once: open below the first cut and above the last', () => {
    expect(rangesBetween([])).toEqual([{}]);
    expect(rangesBetween(['m'])).toEqual([{ to: 'm' }, { from: 'm' }]);
    expect(rangesBetween(['f', 'm', 't'])).toEqual([
      { to: 'f' },
      { from: 'f', to: 'm' },
      { from: 'm', to: 't' },
      { from: 't' },
    ]);
  });

  it('drops a repeated cut rather than making an empty range', () => {
    expect(rangesBetween(['f', 'f', 'm'])).toEqual([{ to: 'f' }, { from: 'f', to: 'm' }, { from: 'm' }]);
  });

  it('keeps the order given (the database collation), not JavaScript string order', () => {
    expect(rangesBetween(['b', 'A'])).toEqual([{ to: 'b' }, { from: 'b', to: 'A' }, { from: 'A' }]);
  });
});

describe(verifyLedger.name, () => {
  it('scans one range per part, cut between streams, and verifies each stream whole', async () => {
    const ledger = ledgerOf({ a: 3, b: 3, c: 3, d: 3, e: 3, f: 3 });
    const scan = scanOf(ledger);
    await expect(verifyLedger(scan, { pageSize: 2, maxReportedBreaks: 10, parallelism: 3 })).resolves.toEqual(
      {
        valid: true,
        streams: 6,
        events: 18,
        broken: [],
        brokenStreams: 0,
      },
    );
    expect(scan.ranges).toEqual([{ to: 'c' }, { from: 'c', to: 'e' }, { from: 'e' }]);
  });

  it('lists breaks in stream order whichever range finishes first', async () => {
    const ledger = ledgerOf({ a: 9, b: 1, c: 1, d: 1 });
    ledger.events.forEach((event) => (event.type = 'edited'));
    const report = await verifyLedger(scanOf(ledger), { pageSize: 1, maxReportedBreaks: 3, parallelism: 4 });
    expect(report.broken.map((b) => b.stream)).toEqual(['a', 'b', 'c']);
    expect(report.brokenStreams).toBe(4);
  });

  it('hands the ranges to verifyRanges and merges its verdicts in range order, then runs the anti-joins here', async () => {
    const ledger = ledgerOf({ a: 2, b: 2, c: 2, d: 2 });
    ledger.heads.set('e', { seq: 1, hash: GENESIS_HASH }); // a head whose events are gone
    const scan = scanOf(ledger);
    const asked: StreamRange[][] = [];
    const report = await verifyLedger(scan, {
      pageSize: 2,
      maxReportedBreaks: 2,
      parallelism: 2,
      verifyRanges: async (ranges, options) => {
        asked.push([...ranges]);
        // verified "elsewhere" by the in-thread code, the first range's verdict replaced: the report must use it
        const parts = await Promise.all(ranges.map((range) => verifyStreamRange(scan, range, options)));
        parts[0] = {
          valid: false,
          streams: 2,
          events: 4,
          broken: [{ stream: 'a', seq: 1, reason: 'x' }],
          brokenStreams: 1,
        };
        return parts;
      },
    });
    expect(asked).toEqual([[{ to: 'd' }, { from: 'd' }]]);
    // the forged first verdict (2 streams, 4 events) counts, not the 3 streams and 6 events of a, b and c
    expect(report).toEqual({
      valid: false,
      streams: 2 + 1 + 1,
      events: 4 + 2,
      broken: [
        { stream: 'a', seq: 1, reason: 'x' },
        { stream: 'e', seq: 1, reason: expect.any(String) },
      ],
      brokenStreams: 2,
    });
  });

  it('refuses a range verifier that answers for fewer ranges than asked', async () => {
    const scan = scanOf(ledgerOf({ a: 1, b: 1 }));
    await expect(
      verifyLedger(scan, { pageSize: 2, maxReportedBreaks: 2, parallelism: 2, verifyRanges: async () => [] }),
    ).rejects.toThrow('range verification returned 0 results for 2 ranges');
  });

  describe.each([1, 3])('with %i range(s) at once', (parallelism) => {
    const OPTIONS = { pageSize: 2, maxReportedBreaks: 10, parallelism };

    it('finds events whose seqs were swapped', async () => {
      const ledger = ledgerOf({ 'request:a': 2, 'request:b': 4, 'request:c': 2 });
      const [second, third] = ledger.events.filter(
        (e) => e.stream === 'request:b' && (e.seq === 2 || e.seq === 3),
      );
      [second.seq, third.seq] = [third.seq, second.seq];
      await expect(verifyLedger(scanOf(ledger), OPTIONS)).resolves.toMatchObject({
        valid: false,
        broken: [{ stream: 'request:b', seq: 2, reason: 'does not link to the previous event' }],
      });
    });

    it('finds a broken prevHash, even with the hash recomputed over it', async () => {
      const ledger = ledgerOf({ 'request:a': 3, 'request:b': 3 });
      const event = ledger.events.find((e) => e.stream === 'request:a' && e.seq === 2)!;
      event.prevHash = 'f'.repeat(64);
      const { hash: _old, ...unsealed } = event;
      event.hash = hashEvent(unsealed);
      await expect(verifyLedger(scanOf(ledger), OPTIONS)).resolves.toMatchObject({
        valid: false,
        broken: [{ stream: 'request:a', seq: 2, reason: 'does not link to the previous event' }],
      });
    });

    it('finds a forged head: same length, another hash', async () => {
      const ledger = ledgerOf({ 'request:a': 2, 'request:b': 2, 'request:c': 2 });
      ledger.heads.set('request:c', { seq: 2, hash: 'e'.repeat(64) });
      await expect(verifyLedger(scanOf(ledger), OPTIONS)).resolves.toMatchObject({
        valid: false,
        broken: [{ stream: 'request:c', seq: 2, reason: 'stream head does not match event 2' }],
      });
    });

    it('finds a deleted middle event', async () => {
      const ledger = ledgerOf({ 'request:a': 2, 'request:b': 4 });
      ledger.events = ledger.events.filter((e) => !(e.stream === 'request:b' && e.seq === 2));
      await expect(verifyLedger(scanOf(ledger), OPTIONS)).resolves.toMatchObject({
        valid: false,
        broken: [{ stream: 'request:b', seq: 2, reason: 'event 2 is missing' }],
      });
    });

    it('accepts an intact ledger whose streams straddle page boundaries, counting streams and events', async () => {
      const ledger = ledgerOf({ 'request:a': 3, registry: 4, 'request:b': 1, 'api-keys': 2 });
      const scan = scanOf(ledger);
      await expect(verifyLedger(scan, OPTIONS)).resolves.toEqual({
        valid: true,
        streams: 4,
        events: 10,
        broken: [],
        brokenStreams: 0,
      });
      // 10 events in pages of 2, plus the empty page that ends the scan (one more per range after the first)
      if (parallelism === 1) expect(scan.pages).toBe(6);
    });

    it('accepts an empty ledger', async () => {
      await expect(verifyLedger(scanOf(ledgerOf({})), OPTIONS)).resolves.toMatchObject({
        valid: true,
        streams: 0,
        events: 0,
      });
    });

    it('reports an edited event with its stream and seq, and keeps verifying the other streams', async () => {
      const ledger = ledgerOf({ 'request:a': 3, 'request:b': 3, 'request:c': 3 });
      const edited = ledger.events.find((e) => e.stream === 'request:b' && e.seq === 2)!;
      edited.data = { seq: 99 };
      ledger.events.find((e) => e.stream === 'request:c' && e.seq === 3)!.actor = 'someone';
      await expect(verifyLedger(scanOf(ledger), OPTIONS)).resolves.toEqual({
        valid: false,
        streams: 3,
        events: 9,
        broken: [
          { stream: 'request:b', seq: 2, reason: 'content does not match its hash' },
          { stream: 'request:c', seq: 3, reason: 'content does not match its hash' },
        ],
        brokenStreams: 2,
      });
    });

    it('catches a deleted newest event through the stream head, also on the last stream', async () => {
      const ledger = ledgerOf({ 'request:a': 2, 'request:z': 3 });
      ledger.events = ledger.events.filter((e) => !(e.stream === 'request:z' && e.seq === 3));
      await expect(verifyLedger(scanOf(ledger), OPTIONS)).resolves.toMatchObject({
        valid: false,
        broken: [{ stream: 'request:z', seq: 3, reason: 'stream head is at 3 but events end at 2' }],
      });
    });

    it('catches a deleted head, and a head whose events were all deleted', async () => {
      const ledger = ledgerOf({ 'request:a': 2, 'request:b': 2 });
      ledger.heads.delete('request:a');
      ledger.events = ledger.events.filter((e) => e.stream !== 'request:b');
      await expect(verifyLedger(scanOf(ledger), OPTIONS)).resolves.toMatchObject({
        valid: false,
        streams: 2,
        events: 2,
        broken: [
          { stream: 'request:a', seq: 1, reason: 'stream head is missing' },
          { stream: 'request:b', seq: 1, reason: 'stream head is at 2 but events end at 0' },
        ],
      });
    });

    it('catches a request whose whole trail, events and head, was deleted', async () => {
      const ledger = ledgerOf({ 'request:a': 2 });
      ledger.requests = ['request:a', 'request:gone'];
      await expect(verifyLedger(scanOf(ledger), OPTIONS)).resolves.toMatchObject({
        valid: false,
        streams: 2,
        broken: [{ stream: 'request:gone', seq: 1, reason: 'stream has no events and no head' }],
      });
    });

    it('lists at most maxReportedBreaks breaks but counts them all', async () => {
      const ledger = ledgerOf({ a: 1, b: 1, c: 1, d: 1, e: 1 });
      ledger.events.forEach((event) => (event.type = 'edited'));
      const report = await verifyLedger(scanOf(ledger), { ...OPTIONS, maxReportedBreaks: 3 });
      expect(report.broken.map((b) => b.stream)).toEqual(['a', 'b', 'c']);
      expect(report.brokenStreams).toBe(5);
      expect(report.valid).toBe(false);
    });
  });
});
