import { Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, UseFilters } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Actor } from '../auth/actor.decorator';
import { ErasureRequestResponse } from '../requests/dto/erasure-request.response';
import { ErasureRequestExceptionFilter } from '../requests/erasure-request.exception.filter';
import { ErasureRequestService } from '../requests/erasure-request.service';
import { ReErasureService } from './re-erasure.service';

@ApiTags('erasure requests')
@ApiBearerAuth()
@Controller('v1/erasure-requests')
@UseFilters(ErasureRequestExceptionFilter)
export class ReErasureController {
  constructor(
    private readonly reErasure: ReErasureService,
    private readonly requests: ErasureRequestService,
  ) {}

  @Post(':id/re-erase')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Erase again what the verification pass found (operator)',
    description:
      'Opens a follow-up erasure of the subject, linked to every open finding; the follow-up is verified in turn.',
  })
  @ApiOkResponse({ type: ErasureRequestResponse, description: 'the follow-up erasure request' })
  @ApiNotFoundResponse({ description: 'REQUEST_NOT_FOUND' })
  @ApiConflictResponse({
    description:
      'NO_OPEN_FINDING: nothing was found, or it was re-erased already; IDENTITIES_SHREDDED: too late, the identities are gone',
  })
  async reErase(
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Actor() actor: string,
  ): Promise<ErasureRequestResponse> {
    return this.requests.get(await this.reErasure.reErase(id, actor));
  }
}
