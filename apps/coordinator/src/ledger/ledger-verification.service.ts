import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AuditVerificationResponse } from './dto/audit-verification.response';
import { MAX_REPORTED_BREAKS, VERIFY_PAGE_SIZE, VERIFY_PARALLELISM } from './ledger.constants';
import { LedgerRangeWorkers } from './ledger-range-workers';
import { LedgerRepository } from './ledger.repository';
import { LedgerVerification, verifyLedger } from './ledger-verification';

@Injectable()
export class LedgerVerificationService {
  private readonly logger = new Logger(LedgerVerificationService.name);
  /** The verification running now, which later callers join (see verifyAll). */
  private running?: Promise<AuditVerificationResponse>;

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly clock: Clock,
    private readonly workers: LedgerRangeWorkers,
  ) {}

  /**
   * Verifies the whole ledger. A call made while a verification is running joins it and gets its report (whose
   * `verifiedAt` says when it started): one verification per process at a time, so repeated or concurrent calls
   * cannot multiply the worker threads and the database connections each of them opens.
   */
  verifyAll(): Promise<AuditVerificationResponse> {
    this.running ??= this.verifyOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async verifyOnce(): Promise<AuditVerificationResponse> {
    const startedAt = this.clock.now();
    const report = await this.verifyLedger().catch((error: unknown) => {
      // not a verdict on the ledger: part of it could not be read (a LedgerException answers 503, retriable)
      this.logger.warn(`audit ledger verification could not finish: ${(error as Error).message}`);
      throw error;
    });
    if (!report.valid) {
      // a broken chain means someone edited the ledger behind the coordinator's back: loud, with where to look
      this.logger.error(
        `audit ledger verification failed: ${report.brokenStreams} of ${report.streams} streams broken, ` +
          `first ${JSON.stringify(report.broken[0])}`,
      );
    }
    return { ...report, verifiedAt: startedAt.toISOString() };
  }

  private verifyLedger(): Promise<LedgerVerification> {
    return verifyLedger(this.ledger, {
      pageSize: VERIFY_PAGE_SIZE,
      maxReportedBreaks: MAX_REPORTED_BREAKS,
      // one range per worker thread; without workers, ranges still overlap PostgreSQL's reads with the hashing
      ...(this.workers.count > 0
        ? { parallelism: this.workers.count, verifyRanges: this.workers.verifyRanges }
        : { parallelism: VERIFY_PARALLELISM }),
    });
  }
}
