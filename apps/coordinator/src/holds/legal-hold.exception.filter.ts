import { HttpStatus } from '@nestjs/common';
import { domainExceptionFilter } from '../common/domain-exception.filter';
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

export class LegalHoldExceptionFilter extends domainExceptionFilter(
  LegalHoldException,
  legalHoldHttpStatus,
) {}
