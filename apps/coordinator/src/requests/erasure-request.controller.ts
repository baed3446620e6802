import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Response } from 'express';
import { Actor } from '../auth/actor.decorator';
import { CancelErasureRequestDto } from './dto/cancel-erasure-request.dto';
import { CreateErasureRequestDto } from './dto/create-erasure-request.dto';
import { ErasureRequestPageResponse } from './dto/erasure-request-page.response';
import { ErasureRequestResponse } from './dto/erasure-request.response';
import { ExtendErasureRequestDto } from './dto/extend-erasure-request.dto';
import { ListErasureRequestsQuery } from './dto/list-erasure-requests.query';
import { ErasureRequestActionsService } from './erasure-request-actions.service';
import { ErasureRequestExceptionFilter } from './erasure-request.exception.filter';
import { ErasureRequestService } from './erasure-request.service';
import { ReceiptConfirmationService } from './receipt-confirmation.service';

const RequestId = () => Param('id', new ParseUUIDPipe({ version: '4' }));

@ApiTags('erasure requests')
@ApiBearerAuth()
@Controller('v1/erasure-requests')
@UseFilters(ErasureRequestExceptionFilter)
export class ErasureRequestController {
  constructor(
    private readonly requests: ErasureRequestService,
    private readonly actions: ErasureRequestActionsService,
    private readonly receipts: ReceiptConfirmationService,
  ) {}

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

  @Get()
  @ApiOkResponse({ type: ErasureRequestPageResponse })
  list(@Query() query: ListErasureRequestsQuery): Promise<ErasureRequestPageResponse> {
    return this.requests.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ErasureRequestResponse })
  get(@RequestId() id: string): Promise<ErasureRequestResponse> {
    return this.requests.get(id);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ErasureRequestResponse, description: 'cancelled; 409 once completed or cancelled' })
  async cancel(
    @RequestId() id: string,
    @Body() body: CancelErasureRequestDto,
    @Actor() actor: string,
  ): Promise<ErasureRequestResponse> {
    await this.actions.cancel(id, actor, body.reason);
    return this.requests.get(id);
  }

  @Post(':id/extend')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: ErasureRequestResponse,
    description:
      'extended; 422 with the legal reason when refused: EXTENSION_TOO_LATE once the time to tell the subject ' +
      '(GDPR: one month from receipt; CCPA: 45 days) is over, EXTENSION_REFUSED otherwise',
  })
  @ApiUnprocessableEntityResponse({
    description: 'EXTENSION_TOO_LATE or EXTENSION_REFUSED, with the legal reason in `message`',
  })
  async extend(
    @RequestId() id: string,
    @Body() body: ExtendErasureRequestDto,
    @Actor() actor: string,
  ): Promise<ErasureRequestResponse> {
    await this.actions.extend(id, body, actor);
    return this.requests.get(id);
  }

  @Post(':id/confirm-receipt')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: ErasureRequestResponse,
    description: 'records that receipt was confirmed to the consumer (CCPA regulations §7021(a))',
  })
  @ApiConflictResponse({
    description: 'RECEIPT_ALREADY_CONFIRMED, or RECEIPT_CONFIRMATION_NOT_REQUIRED for a GDPR request',
  })
  @ApiNotFoundResponse({ description: 'REQUEST_NOT_FOUND' })
  async confirmReceipt(@RequestId() id: string, @Actor() actor: string): Promise<ErasureRequestResponse> {
    await this.receipts.confirm(id, actor);
    return this.requests.get(id);
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: ErasureRequestResponse,
    description: 'failed tasks re-dispatched',
  })
  @ApiConflictResponse({
    description:
      'NOTHING_TO_RETRY: no task failed; REQUEST_ALREADY_FINISHED: completed or cancelled; ' +
      'IDENTITIES_SHREDDED: the identities were crypto-shredded, so nothing can be sent again',
  })
  async retry(@RequestId() id: string, @Actor() actor: string): Promise<ErasureRequestResponse> {
    await this.actions.retry(id, actor);
    return this.requests.get(id);
  }
}
