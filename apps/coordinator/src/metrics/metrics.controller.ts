import { Controller, Get, NotFoundException, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { CoordinatorConfig } from '../config/coordinator-config';
import { MetricsService } from './metrics.service';

@ApiTags('metrics')
// scrapers poll on a schedule; exposure is switched by LETHE_EXPOSE_METRICS instead
@SkipThrottle()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: CoordinatorConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics; no API key needed' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  async scrape(@Res({ passthrough: true }) response: Response): Promise<string> {
    // the same answer as a route that does not exist, so a scan learns nothing
    if (!this.config.http.exposeMetrics) throw new NotFoundException('Cannot GET /metrics');
    const body = await this.metrics.scrape();
    response.setHeader('Content-Type', this.metrics.contentType);
    return body;
  }
}
