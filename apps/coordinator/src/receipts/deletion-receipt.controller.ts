import { Controller, Get, Param, ParseUUIDPipe, UseFilters } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { DeletionReceipt } from '@lethe/deletion-sdk/protocol';
import { DeletionReceiptResponse } from './dto/deletion-receipt.response';
import { DeletionReceiptExceptionFilter } from './deletion-receipt.exception.filter';
import { DeletionReceiptService } from './deletion-receipt.service';

/** A read: auditors and above (the default role of a GET), since a receipt is what an auditor asks for. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/erasure-requests/:id/receipt')
@UseFilters(DeletionReceiptExceptionFilter)
export class DeletionReceiptController {
  constructor(private readonly receipts: DeletionReceiptService) {}

  @Get()
  @ApiOperation({
    summary:
      'A signed deletion receipt for a finished request: the request, each service’s outcome and legal basis, ' +
      'any legal hold, and the head of its audit chain (verify with `lethe receipt verify`)',
  })
  @ApiOkResponse({ type: DeletionReceiptResponse })
  @ApiNotFoundResponse({ description: 'RECEIPT_REQUEST_NOT_FOUND' })
  @ApiConflictResponse({ description: 'REQUEST_NOT_FINISHED, or AUDIT_CHAIN_BROKEN' })
  receipt(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<DeletionReceipt> {
    return this.receipts.issue(id);
  }
}
