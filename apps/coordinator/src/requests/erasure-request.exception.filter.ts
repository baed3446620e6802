import { HttpStatus } from '@nestjs/common';
import { domainExceptionFilter } from '../common/domain-exception.filter';
import { ErasureRequestErrorCode, ErasureRequestException } from './erasure-request.exception';

export function httpStatusOf(code: ErasureRequestErrorCode): HttpStatus {
  switch (code) {
    case ErasureRequestErrorCode.InvalidIdentity:
    case ErasureRequestErrorCode.InvalidCursor:
      return HttpStatus.BAD_REQUEST;
    case ErasureRequestErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ErasureRequestErrorCode.NoServicesRegistered:
    case ErasureRequestErrorCode.AlreadyFinished:
    case ErasureRequestErrorCode.NothingToRetry:
    case ErasureRequestErrorCode.NoOpenFinding:
    case ErasureRequestErrorCode.IdentitiesShredded:
    case ErasureRequestErrorCode.ReceiptAlreadyConfirmed:
    case ErasureRequestErrorCode.ReceiptConfirmationNotRequired:
      return HttpStatus.CONFLICT;
    case ErasureRequestErrorCode.ExtensionRefused:
    case ErasureRequestErrorCode.ExtensionTooLate:
      return HttpStatus.UNPROCESSABLE_ENTITY;
  }
}

/** Maps the feature's domain errors to HTTP in Nest's error shape, plus the machine-readable code. */
export class ErasureRequestExceptionFilter extends domainExceptionFilter(
  ErasureRequestException,
  httpStatusOf,
) {}
