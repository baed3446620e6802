import { Controller, Get, Param, ParseUUIDPipe, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestAuditResponse } from './dto/request-audit.response';
import { LedgerExceptionFilter } from '../ledger/ledger.exception.filter';
import { RequestAuditService } from './request-audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/erasure-requests/:id/audit')
@UseFilters(LedgerExceptionFilter)
export class RequestAuditController {
  constructor(private readonly audit: RequestAuditService) {}

  @Get()
  @ApiOkResponse({
    type: RequestAuditResponse,
    description: "the request's hash-chained audit trail, verified",
  })
  @ApiNotFoundResponse({ description: 'no such erasure request' })
  trail(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<RequestAuditResponse> {
    return this.audit.trailOf(id);
  }
}
