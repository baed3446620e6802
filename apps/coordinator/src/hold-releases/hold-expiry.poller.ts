import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock';
import { IntervalPoller } from '../common/interval-poller';
import { CoordinatorConfig } from '../config/coordinator-config';
import { LegalHoldErrorCode, LegalHoldException } from '../holds/legal-hold.exception';
import { LegalHoldRepository } from '../holds/legal-hold.repository';
import { HoldReleaseService } from './hold-release.service';

export interface HoldExpiryReport {
  expired: number;
  stragglers: number;
}

/**
 * Releases holds whose end date has passed and opens the follow-ups a release could not see. Driven from
 * PostgreSQL on an interval, so a restart loses nothing, and replicas may poll side by side: a release is guarded
 * (`released_at IS NULL`) and the held-back rows are claimed with SKIP LOCKED.
 */
@Injectable()
export class HoldExpiryPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HoldExpiryPoller.name);
  private readonly poller = new IntervalPoller({
    what: 'legal hold expiry',
    pass: () => this.releaseExpired(),
    log: this.logger,
    whileRunning: 'skip',
  });

  constructor(
    private readonly holds: LegalHoldRepository,
    private readonly releases: HoldReleaseService,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.poller.start({ intervalMs: this.config.holdPollIntervalMs, passNow: true });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  async releaseExpired(): Promise<HoldExpiryReport> {
    const report: HoldExpiryReport = { expired: 0, stragglers: 0 };
    for (const id of await this.holds.expired(this.clock.now(), 100)) {
      if (this.poller.stopped) break;
      try {
        await this.releases.release(id, 'system', 'expired');
        report.expired += 1;
      } catch (error) {
        // an operator released it between the query and now: nothing left to do
        if (!(error instanceof LegalHoldException && error.code === LegalHoldErrorCode.AlreadyReleased))
          throw error;
      }
    }
    for (const id of await this.holds.releasedWithWaiting(100)) {
      if (this.poller.stopped) break;
      report.stragglers += await this.releases.followUpStragglers(id);
    }
    if (report.expired + report.stragglers > 0) {
      this.logger.log(
        `released ${report.expired} lapsed legal hold(s), ${report.stragglers} late follow-up(s)`,
      );
    }
    return report;
  }
}
