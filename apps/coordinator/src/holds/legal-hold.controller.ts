import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, UseFilters } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor } from '../auth/actor.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { CreateLegalHoldDto } from './dto/create-legal-hold.dto';
import { LegalHoldListResponse, LegalHoldResponse } from './dto/legal-hold.response';
import { ListLegalHoldsQuery } from './dto/list-legal-holds.query';
import { LegalHoldExceptionFilter } from './legal-hold.exception.filter';
import { LegalHoldService } from './legal-hold.service';

/** Placing and listing holds; releasing one opens erasures, so it lives with intake (hold-releases/). */
@ApiTags('legal holds')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'admin only' })
@Controller('v1/legal-holds')
@UseFilters(LegalHoldExceptionFilter)
export class LegalHoldController {
  constructor(private readonly holds: LegalHoldService) {}

  @Post()
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Place a legal hold: requests for the subject are answered as retained until it is released',
  })
  @ApiCreatedResponse({ type: LegalHoldResponse })
  @ApiBadRequestResponse({ description: 'invalid identity, basis or reason (personal data in the reason)' })
  @ApiUnprocessableEntityResponse({ description: 'LEGAL_HOLD_ENDS_IN_THE_PAST' })
  place(@Body() body: CreateLegalHoldDto, @Actor() actor: string): Promise<LegalHoldResponse> {
    return this.holds.place(body, actor);
  }

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: 'List legal holds, newest first (active only unless includeReleased=true)' })
  @ApiOkResponse({ type: LegalHoldListResponse })
  async list(@Query() query: ListLegalHoldsQuery): Promise<LegalHoldListResponse> {
    return { items: await this.holds.list(query.includeReleased ?? false) };
  }

  @Get(':id')
  @RequireRole('admin')
  @ApiOkResponse({ type: LegalHoldResponse })
  @ApiNotFoundResponse({ description: 'LEGAL_HOLD_NOT_FOUND' })
  get(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<LegalHoldResponse> {
    return this.holds.get(id);
  }
}
