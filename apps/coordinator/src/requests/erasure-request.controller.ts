import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Actor } from '../auth/actor.decorator';
import { CreateErasureRequestDto } from './dto/create-erasure-request.dto';
import { ErasureRequestResponse } from './dto/erasure-request.response';
import { ErasureRequestExceptionFilter } from './erasure-request.exception.filter';
import { ErasureRequestService } from './erasure-request.service';

@ApiTags('erasure requests')
@ApiBearerAuth()
@Controller('v1/erasure-requests')
@UseFilters(ErasureRequestExceptionFilter)
export class ErasureRequestController {
  constructor(private readonly requests: ErasureRequestService) {}

  @Post()
  @ApiCreatedResponse({ type: ErasureRequestResponse, description: 'created' })
  @ApiOkResponse({
    type: ErasureRequestResponse,
    description: 'a request with this externalId already exists',
  })
  async create(
    @Body() body: CreateErasureRequestDto,
    @Actor() actor: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ErasureRequestResponse> {
    const { created, request } = await this.requests.submit(body, actor);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return request;
  }

  @Get(':id')
  @ApiOkResponse({ type: ErasureRequestResponse })
  get(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<ErasureRequestResponse> {
    return this.requests.get(id);
  }
}
