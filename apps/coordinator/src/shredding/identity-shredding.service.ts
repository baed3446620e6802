import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock';
import { IntervalPoller } from '../common/interval-poller';
import { CoordinatorConfig } from '../config/coordinator-config';
import { MetricsService } from '../metrics/metrics.service';
import { IdentityShreddingRepository } from './identity-shredding.repository';
import { SHREDDABLE_STATUSES } from './shred-policy';

export interface ShredReport {
  shredded: number;
  batches: number;
}

/**
 * Crypto-shreds the identities of requests whose window after completion or cancellation has ended. Driven from
 * PostgreSQL by a poller, not by a timer per request: the due rows are found by a query on an index, so a restart
 * or a wiped Redis loses nothing, and several replicas may poll at once (each batch claims with SKIP LOCKED).
 */
@Injectable()
export class IdentityShreddingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IdentityShreddingService.name);
  private readonly poller = new IntervalPoller({
    what: 'identity shredding',
    pass: () => this.shredDue(),
    log: this.logger,
    whileRunning: 'skip',
  });

  constructor(
    private readonly repository: IdentityShreddingRepository,
    private readonly metrics: MetricsService,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.poller.start({ intervalMs: this.config.shredPollIntervalMs, passNow: true });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  /** Shreds every request that is due now, batch by batch; one committed batch stays shredded if a later fails. */
  async shredDue(): Promise<ShredReport> {
    const report: ShredReport = { shredded: 0, batches: 0 };
    const { shredAfterMs, shredBatchSize } = this.config;
    for (;;) {
      const batch = await this.repository.shredBatch(this.clock.now(), shredAfterMs, shredBatchSize);
      if (batch.length === 0) break;
      report.batches += 1;
      report.shredded += batch.length;
      for (const status of SHREDDABLE_STATUSES) {
        this.metrics.recordIdentitiesShredded(status, batch.filter((row) => row.status === status).length);
      }
      if (batch.length < shredBatchSize || this.poller.stopped) break;
    }
    if (report.shredded > 0) {
      this.logger.log(`crypto-shredded the identities of ${report.shredded} finished request(s)`);
    }
    return report;
  }
}
