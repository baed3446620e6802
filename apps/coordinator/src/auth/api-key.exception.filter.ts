import { HttpStatus } from '@nestjs/common';
import { domainExceptionFilter } from '../common/domain-exception.filter';
import { ApiKeyErrorCode, ApiKeyException } from './api-key.exception';

export function httpStatusOf(code: ApiKeyErrorCode): HttpStatus {
  switch (code) {
    case ApiKeyErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ApiKeyErrorCode.NameTaken:
      return HttpStatus.CONFLICT;
  }
}

/** Maps API key errors to HTTP in Nest's error shape, plus the machine-readable code. */
export class ApiKeyExceptionFilter extends domainExceptionFilter(ApiKeyException, httpStatusOf) {}
