import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { sendDomainError } from '../common/domain-error.response';
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
@Catch(ApiKeyException)
export class ApiKeyExceptionFilter implements ExceptionFilter {
  catch(exception: ApiKeyException, host: ArgumentsHost): void {
    sendDomainError(host, httpStatusOf(exception.code), exception);
  }
}
