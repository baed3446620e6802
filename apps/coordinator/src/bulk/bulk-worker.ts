import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
} from '@nestjs/common';
import { Clock } from '../common/clock';
import { IntervalPoller } from '../common/interval-poller';
import { CoordinatorConfig } from '../config/coordinator-config';
import { OutboxRelay } from '../dispatch/outbox-relay';
import { BulkJobRepository } from './bulk-job.repository';
import { BulkRequestCreator } from './bulk-request-creator';

/**
 * Lines turned into requests between two ANALYZEs of the tables they fill: 10,000 lines are 50,000 outbox rows at
 * five services, ten times the relay's batch.
 */
const ANALYZE_EVERY_LINES = 10_000;

/**
 * Drives bulk jobs: on an interval and when nudged, it creates requests batch by batch for every job with lines
 * pending, and aborts uploads whose process died mid-way. Its state is all in PostgreSQL, so a coordinator that
 * starts picks up whatever an earlier one left, and passes never overlap within one process.
 */
@Injectable()
export class BulkWorker implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(BulkWorker.name);
  private readonly poller = new IntervalPoller({
    what: 'bulk pass',
    pass: () => this.pass(),
    log: this.logger,
    whileRunning: 'again',
  });

  private batchesSinceAnalyze = 0;

  constructor(
    private readonly jobs: BulkJobRepository,
    private readonly creator: BulkRequestCreator,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly config: CoordinatorConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.poller.start({ intervalMs: this.config.bulk.pollIntervalMs, passNow: true });
  }

  /** The first hook of a shutdown: no batch starts after it, while the other modules still close. */
  onModuleDestroy(): void {
    this.poller.halt();
  }

  async onApplicationShutdown(): Promise<void> {
    // the batch in flight commits or rolls back whole; the next coordinator resumes after it
    await this.poller.stop();
  }

  /** Asks for a pass soon; a nudge during a pass triggers one more. */
  nudge(): void {
    this.poller.nudge();
  }

  /** One pass: abort dead uploads, then work every runnable job until it is done or must wait. */
  async pass(): Promise<void> {
    const staleBefore = new Date(this.clock.now().getTime() - this.config.bulk.uploadStaleMs);
    for (const jobId of await this.jobs.staleUploads(staleBefore)) {
      await this.jobs.abort(jobId, 'upload interrupted', this.clock.now());
      this.logger.warn(`bulk upload ${jobId} stopped arriving; aborted, nothing of it was kept`);
    }
    for (const job of await this.jobs.runnable()) {
      for (;;) {
        if (this.poller.stopped) return;
        const outcome = await this.creator.createNextBatch(job.id);
        if (outcome !== 'more') break;
        // the outbox rows committed with the batch; the relay publishes them while the next batch is built
        this.relay.nudge();
        this.batchesSinceAnalyze += 1;
        if (this.batchesSinceAnalyze * this.config.bulk.batchSize >= ANALYZE_EVERY_LINES) {
          await this.analyze();
        }
      }
    }
    if (this.batchesSinceAnalyze > 0) await this.analyze();
  }

  private async analyze(): Promise<void> {
    this.batchesSinceAnalyze = 0;
    if (!(await this.jobs.refreshPlannerStatistics())) {
      this.logger.debug('could not ANALYZE the tables bulk jobs fill (not their owner?); autovacuum will');
    }
  }
}
