import { ArgumentsHost, HttpStatus } from '@nestjs/common';
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
 * Writes a domain error in Nest's error shape `{statusCode, error, message}` plus the machine-readable `code` and
 * `retriable`. Each feature's filter decides the status with its own exhaustive switch and renders through this.
 */
export function sendDomainError(
  host: ArgumentsHost,
  status: HttpStatus,
  error: DomainException<string>,
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
