import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ConfigureFailuresDto } from './dto/configure-failures.dto';
import { ConfigureHangsDto } from './dto/configure-hangs.dto';
import { ConfigureLatencyDto } from './dto/configure-latency.dto';
import { FaultInjectionService } from './fault-injection.service';
import type { FaultSettings } from './fault-plan';

/**
 * Demo controls: `POST /admin/failures {count, retriable?}`, `POST /admin/latency {ms}` and
 * `POST /admin/hangs {emails}`.
 */
@Controller('admin')
export class FaultInjectionController {
  constructor(private readonly faults: FaultInjectionService) {}

  @Get('faults')
  settings(): FaultSettings {
    return this.faults.settings();
  }

  @Post('failures')
  @HttpCode(200)
  configureFailures(@Body() body: ConfigureFailuresDto): FaultSettings {
    return this.faults.configureFailures(body);
  }

  @Post('latency')
  @HttpCode(200)
  configureLatency(@Body() body: ConfigureLatencyDto): FaultSettings {
    return this.faults.configureLatency(body);
  }

  @Post('hangs')
  @HttpCode(200)
  configureHangs(@Body() body: ConfigureHangsDto): { hung: number } {
    return this.faults.configureHangs(body);
  }
}
