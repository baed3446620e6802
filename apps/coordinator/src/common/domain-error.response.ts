import { ArgumentsHost, HttpStatus } from '@nestjs/common';
import { Response } from 'express';

/** What every feature's domain exception carries: a string-enum code, a message, and whether a retry can help. */
export interface DomainError {
  code: string;
  message: string;
  retriable: boolean;
}

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
export function sendDomainError(host: ArgumentsHost, status: HttpStatus, error: DomainError): void {
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
