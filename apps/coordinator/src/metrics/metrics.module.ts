import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { RequestStatisticsRepository } from './request-statistics.repository';

@Module({
  controllers: [MetricsController],
  providers: [MetricsService, RequestStatisticsRepository],
  exports: [MetricsService],
})
export class MetricsModule {}
