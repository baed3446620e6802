import { Controller, Get, MessageEvent, Query, Sse } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { LiveRateLimit } from '../http/rate-limit.decorator';
import { AuthenticatedCaller } from '../auth/caller';
import { Caller } from '../auth/caller.decorator';
import { AttentionQuery } from './dto/attention.query';
import { AttentionListResponse } from './dto/attention.response';
import { CallerResponse } from './dto/caller.response';
import { DashboardStatsResponse } from './dto/dashboard-stats.response';
import { LiveReadyEvent, LiveRequestEvent } from './dto/live-event.response';
import { MetaResponse } from './dto/meta.response';
import { LiveUpdates } from './live/live-updates.service';
import { dashboardMeta } from './meta/dashboard-meta';
import { DashboardStatsService } from './stats/dashboard-stats.service';

const DEFAULT_ATTENTION_LIMIT = 10;

@ApiTags('dashboard')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'missing, unknown or revoked API key' })
@Controller('v1')
export class DashboardController {
  constructor(
    private readonly stats: DashboardStatsService,
    private readonly live: LiveUpdates,
  ) {}

  @Get('me')
  @ApiOperation({ summary: 'Who the API key stands for, so a client can show what it may do' })
  @ApiOkResponse({ type: CallerResponse })
  me(@Caller() caller: AuthenticatedCaller): CallerResponse {
    return { actor: caller.actor, role: caller.role };
  }

  @Get('meta')
  @ApiOperation({
    summary:
      "The API's vocabulary: request, task and service statuses with labels, regulations, extension rules",
    description: 'The same for every caller and every call, so a client can read it once after sign-in.',
  })
  @ApiOkResponse({ type: MetaResponse })
  meta(): MetaResponse {
    return dashboardMeta();
  }

  @Get('stats')
  @ApiOperation({
    summary: 'Requests by status, overdue and at risk, completions per day, time to complete, service health',
  })
  @ApiOkResponse({ type: DashboardStatsResponse })
  overview(): Promise<DashboardStatsResponse> {
    return this.stats.stats();
  }

  @Get('attention')
  @ApiOperation({ summary: 'Open requests that are overdue, at risk or need an operator, soonest due first' })
  @ApiOkResponse({ type: AttentionListResponse })
  attention(@Query() query: AttentionQuery): Promise<AttentionListResponse> {
    return this.stats.attention(query.limit ?? DEFAULT_ATTENTION_LIMIT);
  }

  @Sse('live')
  @LiveRateLimit()
  @ApiOperation({
    summary: 'Server-sent events: a `request` event whenever a request or one of its tasks changes',
    description:
      'Send the API key in the Authorization header (e.g. with fetch streaming; never in the URL). The first ' +
      'event is `ready`: load what you show after it. Changes are read from PostgreSQL, so they arrive whichever ' +
      'replica made them. The stream ends after `maxLifetimeMs`; reconnect to go on.',
  })
  @ApiProduces('text/event-stream')
  @ApiExtraModels(LiveReadyEvent, LiveRequestEvent)
  @ApiOkResponse({
    description: '`event: ready` then `event: request` lines; `data` is JSON',
    content: {
      'text/event-stream': {
        schema: {
          oneOf: [{ $ref: getSchemaPath(LiveReadyEvent) }, { $ref: getSchemaPath(LiveRequestEvent) }],
        },
      },
    },
  })
  stream(): Observable<MessageEvent> {
    return this.live.stream();
  }
}
