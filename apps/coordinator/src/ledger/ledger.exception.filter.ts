import { HttpStatus } from '@nestjs/common';
import { domainExceptionFilter } from '../common/domain-exception.filter';
import { LedgerErrorCode, LedgerException } from './ledger.exception';

export function httpStatusOf(code: LedgerErrorCode): HttpStatus {
  switch (code) {
    case LedgerErrorCode.RequestNotFound:
      return HttpStatus.NOT_FOUND;
    case LedgerErrorCode.VerificationUnavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
  }
}

/** Maps the ledger's domain errors to HTTP in Nest's error shape, plus the machine-readable code. */
export class LedgerExceptionFilter extends domainExceptionFilter(LedgerException, httpStatusOf) {}
