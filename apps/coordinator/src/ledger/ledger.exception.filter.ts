import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { Response } from 'express';
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
    const status = httpStatusOf(exception.code);
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(status)
      .json({
        statusCode: status,
        error: HttpStatus[status]
          .toLowerCase()
          .replace(/_/g, ' ')
          .replace(/\b\w/g, (c) => c.toUpperCase()),
        message: exception.message,
        code: exception.code,
      });
  }
}
