import { Controller, Get } from '@nestjs/common';

/** Answers once the service is listening, which is after its deletion SDK client has started. */
@Controller('health')
export class HealthController {
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
