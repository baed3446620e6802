import { Injectable } from '@nestjs/common';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CoordinatorConfig } from '../config/coordinator-config';
import type { DatabaseTimeouts } from '../config/database-timeouts';
import { LedgerErrorCode, LedgerException } from './ledger.exception';
import type { LedgerVerification, RangeVerifier, StreamRange } from './ledger-verification';
import type { RangeWorkerInput, RangeWorkerReport } from './ledger-verification.worker';

const WORKER_FILE = 'ledger-verification.worker.js';

/**
 * The compiled worker script. A Worker cannot load TypeScript, so when this module runs from its .ts source
 * (under ts-jest) the worker is its counterpart in dist/, which `npm test` builds first (pretest).
 */
export function rangeWorkerFile(): string {
  const beside = path.join(__dirname, WORKER_FILE);
  if (path.extname(__filename) === '.js') return beside;
  const root = path.resolve(__dirname, '..', '..', '..', '..');
  return path.join(root, 'dist', path.relative(root, beside));
}

export interface RangeWorkerSettings {
  databaseUrl: string;
  timeouts: DatabaseTimeouts;
  /** Only for tests: another script in place of the compiled worker. */
  workerFile?: string;
}

/**
 * Verifies each range in its own worker thread with its own connection, so reading rows, parsing and hashing run
 * on every core while PostgreSQL streams the next pages; this thread only waits for the verdicts. Resolves once
 * every worker has exited, with the verdicts in the order of the ranges. Any worker that fails (its database
 * errors, it crashes, it exits without a verdict) fails the whole verification — never a partial "valid" — and
 * the other workers are stopped.
 */
export function verifyRangesInWorkers(
  settings: RangeWorkerSettings,
  ranges: readonly StreamRange[],
  options: { pageSize: number; maxReportedBreaks: number },
): Promise<LedgerVerification[]> {
  const file = settings.workerFile ?? rangeWorkerFile();
  if (!existsSync(file)) {
    return Promise.reject(unavailable(`the verification worker ${file} is missing (run npm run build)`));
  }
  const workers: Worker[] = [];
  const stopAll = (): void => {
    for (const worker of workers) void worker.terminate();
  };
  let runs: Promise<LedgerVerification>[];
  try {
    runs = startWorkers();
  } catch (error) {
    // a worker that cannot even start (no memory for a thread): the ones started before it are stopped
    stopAll();
    return Promise.reject(
      unavailable(`a verification worker could not start: ${(error as Error).message}`, error),
    );
  }
  return Promise.all(runs).catch((error: unknown) => {
    stopAll();
    throw error;
  });

  function startWorkers(): Promise<LedgerVerification>[] {
    return ranges.map((range, index) => {
      const input: RangeWorkerInput = {
        databaseUrl: settings.databaseUrl,
        timeouts: settings.timeouts,
        range,
        pageSize: options.pageSize,
        maxReportedBreaks: options.maxReportedBreaks,
      };
      const worker = new Worker(file, { workerData: input });
      workers.push(worker);
      return new Promise<LedgerVerification>((resolve, reject) => {
        let report: RangeWorkerReport | undefined;
        const what = `verification worker ${index + 1} of ${ranges.length}`;
        worker.on('message', (message: RangeWorkerReport) => {
          report = message;
          if (!message.ok) return;
          // the verdict is in: done, without waiting for the thread to close its connection and exit by itself
          resolve(message.part);
          void worker.terminate();
        });
        worker.on('error', (error) => reject(unavailable(`${what} crashed: ${error.message}`, error)));
        worker.on('exit', (code) => {
          if (report?.ok) resolve(report.part);
          else if (report) reject(unavailable(`${what} failed: ${report.error}`));
          else reject(unavailable(`${what} exited (code ${code}) without a verdict`));
        });
      });
    });
  }
}

function unavailable(message: string, cause?: unknown): LedgerException {
  return new LedgerException(LedgerErrorCode.VerificationUnavailable, message, true, { cause });
}

/** The worker threads of a whole-ledger verification, with the coordinator's own database settings. */
@Injectable()
export class LedgerRangeWorkers {
  constructor(private readonly config: CoordinatorConfig) {}

  /** Threads (and ranges) per verification; 0 verifies in the event-loop thread. */
  get count(): number {
    return this.config.ledgerVerifyWorkers;
  }

  readonly verifyRanges: RangeVerifier = (ranges, options) =>
    verifyRangesInWorkers(
      { databaseUrl: this.config.databaseUrl, timeouts: this.config.databaseTimeouts },
      ranges,
      options,
    );
}
