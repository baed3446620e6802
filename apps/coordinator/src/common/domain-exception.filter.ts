import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Type } from '@nestjs/common';
import { Response } from 'express';
import { DomainException } from './domain.exception';

/** "UNPROCESSABLE_ENTITY" → "Unprocessable Entity", as Nest words its own errors. */
function reasonPhrase(status: HttpStatus): string {
  return HttpStatus[status]
    .toLowerCase()
    .replace(/_/g, ' ')
    .replace(/\b\w/g, (c) => c.toUpperCase());
}

/**
 * Writes an error in Nest's error shape `{statusCode, error, message}` plus the machine-readable `code` and
 * whether a retry can help: the one body every refused request gets.
 */
export function sendError(
  host: ArgumentsHost,
  status: HttpStatus,
  error: { message: string; code: string; retriable: boolean },
): void {
  host
    .switchToHttp()
    .getResponse<Response>()
    .status(status)
    .json({
      statusCode: status,
      error: reasonPhrase(status),
      message: error.message,
      code: error.code,
      retriable: error.retriable,
    });
}

/**
 * The filter of one feature's exception, with the status the feature's own exhaustive switch gives.
 * A feature names it: `export class BulkExceptionFilter extends domainExceptionFilter(BulkException, httpStatusOf) {}`.
 */
export function domainExceptionFilter<Code extends string>(
  exception: abstract new (...args: never[]) => DomainException<Code>,
  statusOf: (code: Code) => HttpStatus,
): Type<ExceptionFilter> {
  @Catch(exception)
  class DomainExceptionFilter implements ExceptionFilter {
    catch(error: DomainException<Code>, host: ArgumentsHost): void {
      sendError(host, statusOf(error.code), error);
    }
  }
  return DomainExceptionFilter;
}
