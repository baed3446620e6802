import { Controller, Delete, HttpCode, HttpStatus, Param, ParseUUIDPipe, UseFilters } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Actor } from '../auth/actor.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { ReleasedLegalHoldResponse } from '../holds/dto/legal-hold.response';
import { LegalHoldExceptionFilter } from '../holds/legal-hold.exception.filter';
import { ErasureRequestExceptionFilter } from '../requests/erasure-request.exception.filter';
import { HoldReleaseService } from './hold-release.service';

@ApiTags('legal holds')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'admin only' })
@Controller('v1/legal-holds')
@UseFilters(LegalHoldExceptionFilter, ErasureRequestExceptionFilter)
export class HoldReleaseController {
  constructor(private readonly releases: HoldReleaseService) {}

  @Delete(':id')
  @RequireRole('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Release a legal hold: a follow-up erasure is opened for every request it kept back',
  })
  @ApiOkResponse({ type: ReleasedLegalHoldResponse })
  @ApiNotFoundResponse({ description: 'LEGAL_HOLD_NOT_FOUND' })
  @ApiConflictResponse({
    description: 'LEGAL_HOLD_ALREADY_RELEASED, or NO_SERVICES_REGISTERED (the hold stays in place)',
  })
  release(
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Actor() actor: string,
  ): Promise<ReleasedLegalHoldResponse> {
    return this.releases.release(id, actor);
  }
}
