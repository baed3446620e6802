import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { sendDomainError } from '../common/domain-error.response';
import { LedgerErrorCode, LedgerException } from './ledger.exception';

export function httpStatusOf(code: LedgerErrorCode): HttpStatus {
  switch (code) {
    case LedgerErrorCode.RequestNotFound:
      return HttpStatus.NOT_FOUND;
  }
}

/** Maps the ledger's domain errors to HTTP in Nest's error shape, plus the machine-readable code. */
@Catch(LedgerException)
export class LedgerExceptionFilter implements ExceptionFilter {
  catch(exception: LedgerException, host: ArgumentsHost): void {
    sendDomainError(host, httpStatusOf(exception.code), exception);
  }
}
