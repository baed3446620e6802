import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { sendDomainError } from '../common/domain-error.response';
import { LegalHoldErrorCode, LegalHoldException } from './legal-hold.exception';

export function legalHoldHttpStatus(code: LegalHoldErrorCode): HttpStatus {
  switch (code) {
    case LegalHoldErrorCode.InvalidIdentity:
      return HttpStatus.BAD_REQUEST;
    case LegalHoldErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case LegalHoldErrorCode.AlreadyReleased:
      return HttpStatus.CONFLICT;
    case LegalHoldErrorCode.EndsInThePast:
      return HttpStatus.UNPROCESSABLE_ENTITY;
  }
}

@Catch(LegalHoldException)
export class LegalHoldExceptionFilter implements ExceptionFilter {
  catch(exception: LegalHoldException, host: ArgumentsHost): void {
    sendDomainError(host, legalHoldHttpStatus(exception.code), exception);
  }
}
