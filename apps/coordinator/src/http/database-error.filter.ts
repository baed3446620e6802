import { ArgumentsHost, Catch, HttpStatus, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { QueryFailedError } from 'typeorm';
import { sendError } from '../common/domain-exception.filter';
import { badInputStatus } from './database-error-status';

/**
 * The last line behind input validation: a PostgreSQL error that means bad input becomes a 4xx with a reason
 * instead of a 500. Only the SQLSTATE decides, and the response never quotes PostgreSQL's message, which may
 * hold the offending value. Everything else goes to Nest's default handling (a logged 500).
 */
@Catch(QueryFailedError)
export class DatabaseErrorFilter extends BaseExceptionFilter {
  private readonly logger = new Logger(DatabaseErrorFilter.name);

  override catch(exception: QueryFailedError, host: ArgumentsHost): void {
    const sqlState = (exception.driverError as { code?: string } | undefined)?.code;
    const mapped = host.getType() === 'http' ? badInputStatus(sqlState) : undefined;
    if (!mapped) {
      super.catch(exception, host);
      return;
    }
    // the code alone, so a client's value never reaches the log either
    this.logger.warn(`refused input PostgreSQL could not take (SQLSTATE ${sqlState})`);
    const status = mapped.status === 409 ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST;
    sendError(host, status, {
      message: `the request was refused: ${mapped.reason}`,
      code: `DATABASE_${sqlState}`,
      retriable: false,
    });
  }
}
