import { Controller, Get, Logger, Query, Res, UseFilters } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AuditEventResponse, AuditExportLine } from './dto/audit-event.response';
import { AuditExportQueryDto } from './dto/audit-export.query';
import { AuditVerificationResponse } from './dto/audit-verification.response';
import { LedgerExceptionFilter } from './ledger.exception.filter';
import { LedgerExportService } from './ledger-export.service';
import { LedgerVerificationService } from './ledger-verification.service';

@ApiTags('audit')
@ApiBearerAuth()
@ApiExtraModels(AuditExportLine, AuditEventResponse)
@Controller('v1/audit')
@UseFilters(LedgerExceptionFilter)
export class LedgerAuditController {
  private readonly logger = new Logger(LedgerAuditController.name);

  constructor(
    private readonly verification: LedgerVerificationService,
    private readonly exporter: LedgerExportService,
  ) {}

  @Get('verify')
  @ApiOkResponse({
    type: AuditVerificationResponse,
    description:
      "every audit stream, verified in one pass; a call made while a verification runs gets that one's report",
  })
  @ApiServiceUnavailableResponse({
    description:
      'AUDIT_VERIFICATION_UNAVAILABLE (retriable): part of the ledger could not be read, so there is no verdict',
  })
  verify(): Promise<AuditVerificationResponse> {
    return this.verification.verifyAll();
  }

  @Get('export')
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({
    description:
      'JSON Lines, one event per line: the whole ledger in (at, id) order, or one stream in seq order with ?stream=',
    schema: { $ref: getSchemaPath(AuditExportLine) },
  })
  async export(@Query() query: AuditExportQueryDto, @Res() response: Response): Promise<void> {
    const lines = this.exporter.jsonLines({
      since: query.since === undefined ? undefined : new Date(query.since),
      stream: query.stream,
    });
    // the first page is read before anything is sent, so a failing database still gets a proper error response
    const first = await lines.next();
    response.status(200).type('application/x-ndjson').setHeader('Cache-Control', 'no-store');
    const body = Readable.from(resume(first, lines), { objectMode: false });
    try {
      await pipeline(body, response);
    } catch (error) {
      // the status line is gone by now: the client sees the chunked body end abruptly, not a complete export
      if (!isClientGone(error)) {
        this.logger.error(`audit export aborted: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

async function* resume<T>(first: IteratorResult<T>, rest: AsyncGenerator<T>): AsyncGenerator<T> {
  if (first.done) return;
  yield first.value;
  yield* rest;
}

function isClientGone(error: unknown): boolean {
  return (error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE';
}
