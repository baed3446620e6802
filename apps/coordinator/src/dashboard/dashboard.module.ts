import { Module } from '@nestjs/common';
import { DashboardAssets } from './assets/dashboard-assets';
import { DashboardAssetsController } from './assets/dashboard-assets.controller';
import { DashboardController } from './dashboard.controller';
import { DEFAULT_LIVE_FEED_OPTIONS, LIVE_FEED_OPTIONS } from './live/live-feed.constants';
import { LiveUpdates } from './live/live-updates.service';
import { RequestChangeFeed } from './live/request-change-feed';
import { RequestChangeRepository } from './live/request-change.repository';
import { DashboardStatsRepository } from './stats/dashboard-stats.repository';
import { DashboardStatsService } from './stats/dashboard-stats.service';

/** The admin dashboard at /dashboard and the API it reads: /v1/me, /v1/meta, /v1/stats, /v1/attention, /v1/live (SSE). */
@Module({
  controllers: [DashboardController, DashboardAssetsController],
  providers: [
    DashboardAssets,
    DashboardStatsRepository,
    DashboardStatsService,
    RequestChangeRepository,
    RequestChangeFeed,
    LiveUpdates,
    { provide: LIVE_FEED_OPTIONS, useValue: DEFAULT_LIVE_FEED_OPTIONS },
  ],
})
export class DashboardModule {}
