import { HttpStatus } from '@nestjs/common';
import { domainExceptionFilter } from '../common/domain-exception.filter';
import { DeletionReceiptErrorCode, DeletionReceiptException } from './deletion-receipt.exception';

export function httpStatusOf(code: DeletionReceiptErrorCode): HttpStatus {
  switch (code) {
    case DeletionReceiptErrorCode.RequestNotFound:
      return HttpStatus.NOT_FOUND;
    case DeletionReceiptErrorCode.RequestNotFinished:
    case DeletionReceiptErrorCode.AuditChainBroken:
      return HttpStatus.CONFLICT;
  }
}

/** Maps the receipts feature's domain errors to HTTP in Nest's error shape, plus the machine-readable code. */
export class DeletionReceiptExceptionFilter extends domainExceptionFilter(
  DeletionReceiptException,
  httpStatusOf,
) {}
