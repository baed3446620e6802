import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { sendDomainError } from '../common/domain-error.response';
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
@Catch(DeletionReceiptException)
export class DeletionReceiptExceptionFilter implements ExceptionFilter {
  catch(exception: DeletionReceiptException, host: ArgumentsHost): void {
    sendDomainError(host, httpStatusOf(exception.code), exception);
  }
}
