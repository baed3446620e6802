import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { Response } from 'express';
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
