import {
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  UseFilters,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { Request } from 'express';
import { Actor } from '../auth/actor.decorator';
import { BulkIntakeService } from './bulk-intake.service';
import { BulkJobService } from './bulk-job.service';
import { bulkFormatOf } from './bulk-record-reader';
import { BulkErrorCode, BulkException } from './bulk.exception';
import { BulkExceptionFilter } from './bulk.exception.filter';
import { BulkJobQuery, ListBulkJobsQuery } from './dto/bulk-job.query';
import { BulkJobDetailResponse, BulkJobPageResponse } from './dto/bulk-job.response';
import { BulkSubmitQuery } from './dto/bulk-submit.query';

const BODY_DESCRIPTION =
  'The list itself, streamed (never held in memory; the JSON body limit does not apply). ' +
  '`application/x-ndjson`: one JSON object per line, `{"subject":{"identities":[{"type":"email","value":"…"}]},' +
  '"externalId":"T-1"}` (externalId optional). `text/csv` (RFC 4180, UTF-8): a header row naming identity ' +
  'types (email, phone, user_id, …) and optionally externalId, then one subject per row; empty cells are ' +
  'skipped. Blank lines are ignored; each other line is validated like POST /v1/erasure-requests and a bad one ' +
  'is reported by its line number without stopping the rest.';

@ApiTags('bulk erasure')
@ApiBearerAuth()
@Controller('v1/erasure-requests/bulk')
@UseFilters(BulkExceptionFilter)
export class BulkController {
  constructor(
    private readonly intake: BulkIntakeService,
    private readonly jobs: BulkJobService,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiConsumes('application/x-ndjson', 'text/csv')
  @ApiBody({ description: BODY_DESCRIPTION, schema: { type: 'string', format: 'binary' } })
  @ApiAcceptedResponse({
    type: BulkJobDetailResponse,
    description: 'the upload is stored; requests are created in the background (poll GET …/bulk/{id})',
  })
  @ApiUnsupportedMediaTypeResponse({ description: 'BULK_UNSUPPORTED_FORMAT: not NDJSON or CSV in UTF-8' })
  @ApiPayloadTooLargeResponse({ description: 'BULK_TOO_MANY_LINES: more than LETHE_BULK_MAX_LINES lines' })
  @ApiConflictResponse({ description: 'NO_SERVICES_REGISTERED' })
  async submit(
    @Req() request: Request,
    @Query() query: BulkSubmitQuery,
    @Headers('content-type') contentType: string | undefined,
    @Headers('content-encoding') contentEncoding: string | undefined,
    @Actor() actor: string,
  ): Promise<BulkJobDetailResponse> {
    const format = bulkFormatOf(contentType, contentEncoding);
    if (!format) {
      throw new BulkException(
        BulkErrorCode.UnsupportedFormat,
        'send the list as application/x-ndjson or text/csv, in UTF-8 and uncompressed',
      );
    }
    const id = await this.intake.receive(
      request,
      { format, regulation: query.regulation, dryRun: query.dryRun ?? false },
      actor,
    );
    return this.jobs.get(id);
  }

  @Get()
  @ApiOkResponse({ type: BulkJobPageResponse, description: 'newest first' })
  list(@Query() query: ListBulkJobsQuery): Promise<BulkJobPageResponse> {
    return this.jobs.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: BulkJobDetailResponse })
  @ApiNotFoundResponse({ description: 'BULK_JOB_NOT_FOUND' })
  get(
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Query() query: BulkJobQuery,
  ): Promise<BulkJobDetailResponse> {
    return this.jobs.get(id, query);
  }
}
