import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { dropDatabase, ensureDatabase } from '../../../../scripts/lib/postgres';
import { DEFAULT_DATABASE_TIMEOUTS } from '../config/database-timeouts';
import { dataSourceOptions } from '../database/data-source-options';
import { LedgerErrorCode, LedgerException } from './ledger.exception';
import { LedgerRepository } from './ledger.repository';
import { RangeWorkerSettings, verifyRangesInWorkers } from './ledger-range-workers';
import { LedgerVerification, verifyLedger } from './ledger-verification';

const PG_URL = process.env.LETHE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const OPTIONS = { pageSize: 7, maxReportedBreaks: 100 };
const RANGES = 3;

describe('whole-ledger verification in worker threads (real PostgreSQL)', () => {
  const url = new URL(PG_URL);
  url.pathname = `/lethe_verify_workers_${randomUUID().replace(/-/g, '')}`;
  const databaseUrl = url.toString();
  const settings: RangeWorkerSettings = { databaseUrl, timeouts: DEFAULT_DATABASE_TIMEOUTS };
  let dataSource: DataSource;
  let ledger: LedgerRepository;
  const streams = Array.from({ length: 12 }, (_, i) => `it-stream-${String(i).padStart(2, '0')}`);

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    dataSource = await new DataSource({
      ...dataSourceOptions(databaseUrl),
      migrationsRun: true,
    }).initialize();
    ledger = new LedgerRepository(dataSource);
    // streams of 1..12 events, so pages of 7 cut inside streams and ranges hold several streams each
    await dataSource.transaction((manager) =>
      ledger.appendToStreams(
        manager,
        streams.map((stream, i) => ({
          stream,
          events: Array.from({ length: i + 1 }, (_, n) => ({
            type: 'it.event',
            actor: 'system',
            data: { n, nested: { z: [n, 'x'], a: null } },
          })),
        })),
        new Date('2026-01-02T03:04:05.678Z'),
      ),
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(databaseUrl);
  });

  const inWorkers = (workerSettings: RangeWorkerSettings = settings): Promise<LedgerVerification> =>
    verifyLedger(ledger, {
      ...OPTIONS,
      parallelism: RANGES,
      verifyRanges: (ranges, options) => verifyRangesInWorkers(workerSettings, ranges, options),
    });
  const inThisThread = (): Promise<LedgerVerification> =>
    verifyLedger(ledger, { ...OPTIONS, parallelism: RANGES });

  it('verifies an intact ledger, every stream and event counted, as the single-thread path does', async () => {
    const report = await inWorkers();
    expect(report).toEqual({
      valid: true,
      streams: streams.length,
      events: (streams.length * (streams.length + 1)) / 2,
      broken: [],
      brokenStreams: 0,
    });
    expect(report).toEqual(await inThisThread());
  });

  it('finds tampering in each range, lists the breaks in stream order, the same as the single-thread path', async () => {
    const ranges = (await ledger.streamBoundaries(RANGES)).length + 1;
    expect(ranges).toBe(RANGES);
    // one edited event per range: the first, a middle and the last stream
    const edited = [streams[1], streams[6], streams[11]];
    await dataSource.query(
      `UPDATE audit_events SET data = jsonb_set(data, '{n}', '99') WHERE stream = ANY($1) AND seq = 2`,
      [edited],
    );
    try {
      const report = await inWorkers();
      expect(report).toMatchObject({ valid: false, brokenStreams: 3, streams: streams.length });
      expect(report.broken).toEqual(
        edited.map((stream) => ({ stream, seq: 2, reason: 'content does not match its hash' })),
      );
      expect(report).toEqual(await inThisThread());
    } finally {
      await dataSource.query(
        `UPDATE audit_events SET data = jsonb_set(data, '{n}', '1') WHERE stream = ANY($1) AND seq = 2`,
        [edited],
      );
    }
    await expect(inWorkers()).resolves.toMatchObject({ valid: true });
  });

  it('keeps maxReportedBreaks across ranges, in stream order, and counts every broken stream', async () => {
    await dataSource.query(`UPDATE audit_streams SET head_hash = repeat('f', 64) WHERE stream = ANY($1)`, [
      streams,
    ]);
    try {
      const report = await verifyLedger(ledger, {
        pageSize: 7,
        maxReportedBreaks: 5,
        parallelism: RANGES,
        verifyRanges: (ranges, options) => verifyRangesInWorkers(settings, ranges, options),
      });
      expect(report.brokenStreams).toBe(streams.length);
      expect(report.broken.map((b) => b.stream)).toEqual(streams.slice(0, 5));
    } finally {
      await dataSource.query(
        `UPDATE audit_streams s SET head_hash = e.hash FROM audit_events e
          WHERE e.stream = s.stream AND e.seq = s.head_seq`,
      );
    }
  });

  it('fails with a retriable AUDIT_VERIFICATION_UNAVAILABLE when a worker cannot reach the database', async () => {
    const unreachable = new URL(databaseUrl);
    unreachable.port = '1'; // nothing listens there
    const failure = inWorkers({ ...settings, databaseUrl: unreachable.toString() });
    await expect(failure).rejects.toBeInstanceOf(LedgerException);
    await expect(failure).rejects.toMatchObject({
      code: LedgerErrorCode.VerificationUnavailable,
      retriable: true,
      message: expect.stringMatching(/^verification worker \d of 3 failed: .*ECONNREFUSED/),
    });
  });

  it('fails when a worker queries a ledger that is not there, never answering "valid"', async () => {
    const empty = new URL(databaseUrl);
    empty.pathname = '/postgres'; // no audit tables
    await expect(inWorkers({ ...settings, databaseUrl: empty.toString() })).rejects.toMatchObject({
      code: LedgerErrorCode.VerificationUnavailable,
      message: expect.stringContaining('audit_events'),
    });
  });

  describe('a worker that crashes or exits without a verdict', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lethe-verify-worker-'));
    const script = (name: string, body: string): string => {
      const file = path.join(dir, name);
      writeFileSync(file, body);
      return file;
    };
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('fails the verification when a worker throws', async () => {
      const workerFile = script('throws.js', `throw new Error('worker blew up');`);
      await expect(inWorkers({ ...settings, workerFile })).rejects.toMatchObject({
        code: LedgerErrorCode.VerificationUnavailable,
        message: expect.stringMatching(/^verification worker \d of 3 crashed: worker blew up/),
      });
    });

    it('fails the verification when a worker exits without reporting', async () => {
      const workerFile = script('exits.js', `process.exit(3);`);
      await expect(inWorkers({ ...settings, workerFile })).rejects.toMatchObject({
        code: LedgerErrorCode.VerificationUnavailable,
        message: expect.stringMatching(/exited \(code 3\) without a verdict/),
      });
    });

    it('stops the other workers when one fails', async () => {
      // one worker fails at once, the others would beat for ever: the verification ends, and so do they
      const heartbeat = path.join(dir, 'heartbeat');
      writeFileSync(heartbeat, '');
      const workerFile = script(
        'one-fails.js',
        `const { workerData } = require('node:worker_threads');
         if (workerData.range.from === undefined) throw new Error('first range failed');
         setInterval(() => require('node:fs').appendFileSync(${JSON.stringify(heartbeat)}, '.'), 10);`,
      );
      await expect(inWorkers({ ...settings, workerFile })).rejects.toMatchObject({
        message: expect.stringContaining('first range failed'),
      });
      const beats = async (): Promise<number> => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        return statSync(heartbeat).size;
      };
      const settled = await beats();
      await expect(beats()).resolves.toBe(settled);
    });

    it('says so when the compiled worker is missing', async () => {
      await expect(
        inWorkers({ ...settings, workerFile: path.join(dir, 'not-built.js') }),
      ).rejects.toMatchObject({
        code: LedgerErrorCode.VerificationUnavailable,
        message: expect.stringContaining('npm run build'),
      });
    });
  });
});
