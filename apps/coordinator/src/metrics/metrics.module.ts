import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { RequestStatisticsRepository } from './request-statistics.repository';

/** Global so that result handling and retries can record into MetricsService without importing this module. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, RequestStatisticsRepository],
  exports: [MetricsService],
})
export class MetricsModule {}
