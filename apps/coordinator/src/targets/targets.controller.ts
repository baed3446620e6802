import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Req, UseFilters } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor } from '../auth/actor.decorator';
import { Public } from '../auth/public.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { RAW_BODY, WithRawBody } from '../http/raw-body';
import { RegisterTargetDto } from './dto/register-target.dto';
import { CallbackAcceptedResponse, TargetListResponse, TargetResponse } from './dto/target.response';
import { TargetCallbacks } from './target-callbacks.service';
import { TargetRegistration } from './target-registration.service';
import { TargetExceptionFilter } from './targets.exception.filter';

@ApiTags('targets')
@Controller('v1/targets')
@UseFilters(TargetExceptionFilter)
export class TargetsController {
  constructor(
    private readonly registration: TargetRegistration,
    private readonly callbacks: TargetCallbacks,
  ) {}

  @Get()
  @ApiBearerAuth()
  @ApiOkResponse({ type: TargetListResponse })
  async list(): Promise<TargetListResponse> {
    return { items: await this.registration.list() };
  }

  @Post()
  @ApiBearerAuth()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Register a webhook or OpenDSR target (a data holder outside the estate)' })
  @ApiCreatedResponse({ type: TargetResponse })
  @ApiBadRequestResponse({
    description: 'a URL outside the target allow-list, or a webhook without a secret',
  })
  @ApiConflictResponse({ description: 'a service with this name is registered and active' })
  @ApiBadGatewayResponse({ description: 'the OpenDSR processor could not be discovered or verified' })
  register(@Body() body: RegisterTargetDto, @Actor() actor: string): Promise<TargetResponse> {
    return this.registration.register(body, actor);
  }

  /** Public: the caller is a target, proven by its signature rather than an API key. */
  @Public()
  @Post(':name/callbacks')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: "A target's signed report on a task it accepted (docs/targets.md)" })
  @ApiAcceptedResponse({ type: CallbackAcceptedResponse, description: 'verified and recorded' })
  @ApiBadRequestResponse({ description: 'the report is not one the protocol allows' })
  @ApiUnauthorizedResponse({ description: 'missing, stale or forged signature' })
  @ApiConflictResponse({ description: 'a replay of a callback already received' })
  callback(
    @Param('name') name: string,
    @Req() request: WithRawBody & Request,
  ): Promise<CallbackAcceptedResponse> {
    const raw = request[RAW_BODY] ?? Buffer.alloc(0);
    return this.callbacks.receive(name, raw, request.headers);
  }
}
