import { HttpStatus } from '@nestjs/common';
import { domainExceptionFilter } from '../common/domain-exception.filter';
import { BulkErrorCode, BulkException } from './bulk.exception';

export function httpStatusOf(code: BulkErrorCode): HttpStatus {
  switch (code) {
    case BulkErrorCode.UnsupportedFormat:
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case BulkErrorCode.InvalidHeader:
    case BulkErrorCode.EmptyUpload:
    case BulkErrorCode.UploadInterrupted:
    case BulkErrorCode.InvalidCursor:
      return HttpStatus.BAD_REQUEST;
    case BulkErrorCode.TooManyLines:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case BulkErrorCode.NoServicesRegistered:
      return HttpStatus.CONFLICT;
    case BulkErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
  }
}

/** Maps bulk errors to HTTP in Nest's error shape, plus the machine-readable code. */
export class BulkExceptionFilter extends domainExceptionFilter(BulkException, httpStatusOf) {}
