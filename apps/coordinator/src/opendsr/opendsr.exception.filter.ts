import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { ErasureRequestErrorCode, ErasureRequestException } from '../requests/erasure-request.exception';
import { OpenDsrErrorDetail } from './opendsr-protocol';
import { OpenDsrErrorCode, OpenDsrException } from './opendsr.exception';
import { OpenDsrSigning } from './opendsr-signing';
import { sendSigned } from './signed-response';

interface Rendered {
  status: HttpStatus;
  message: string;
  details: OpenDsrErrorDetail[];
}

export function openDsrStatusOf(code: OpenDsrErrorCode): HttpStatus {
  switch (code) {
    case OpenDsrErrorCode.InvalidRequest:
    case OpenDsrErrorCode.UnsupportedRequestType:
    case OpenDsrErrorCode.DuplicateRequestId:
    case OpenDsrErrorCode.NotCancellable:
      // the spec answers every refused request with 400 (§7.5)
      return HttpStatus.BAD_REQUEST;
    case OpenDsrErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case OpenDsrErrorCode.NotConfigured:
      return HttpStatus.SERVICE_UNAVAILABLE;
  }
}

/** Errors of the intake the OpenDSR routes call into, in OpenDSR terms. */
export function intakeStatusOf(code: ErasureRequestErrorCode): HttpStatus {
  switch (code) {
    case ErasureRequestErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ErasureRequestErrorCode.NoServicesRegistered:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case ErasureRequestErrorCode.InvalidIdentity:
    case ErasureRequestErrorCode.InvalidCursor:
    case ErasureRequestErrorCode.AlreadyFinished:
    case ErasureRequestErrorCode.ExtensionRefused:
    case ErasureRequestErrorCode.ExtensionTooLate:
    case ErasureRequestErrorCode.ReceiptAlreadyConfirmed:
    case ErasureRequestErrorCode.ReceiptConfirmationNotRequired:
    case ErasureRequestErrorCode.NothingToRetry:
    case ErasureRequestErrorCode.IdentitiesShredded:
    case ErasureRequestErrorCode.NoOpenFinding:
      return HttpStatus.BAD_REQUEST;
  }
}

/** The spec's error shape `{error:{code, message, errors:[{domain, reason, message}]}}`. */
export function openDsrErrorBody(
  status: number,
  message: string,
  details: { domain: string; reason: string; message: string }[] = [],
): object {
  return {
    error: {
      code: status,
      message,
      errors: details.length > 0 ? details : [{ domain: 'OpenDSR', reason: HttpStatus[status], message }],
    },
  };
}

/**
 * Renders every error of the OpenDSR routes — their own, the intake's, authentication's, and unexpected ones — in
 * the spec's shape `{error:{code, message, errors:[{domain, reason, message}]}}`, signed like any other response.
 */
@Catch()
@Injectable()
export class OpenDsrExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('OpenDSR');

  constructor(private readonly signing: OpenDsrSigning) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, message, details } = this.render(exception);
    sendSigned(
      host.switchToHttp().getResponse<Response>(),
      status,
      openDsrErrorBody(status, message, details),
      this.signing.signer,
    );
  }

  private render(exception: unknown): Rendered {
    if (exception instanceof OpenDsrException) {
      return {
        status: openDsrStatusOf(exception.code),
        message: exception.message,
        details: exception.details,
      };
    }
    if (exception instanceof ErasureRequestException) {
      return { status: intakeStatusOf(exception.code), message: exception.message, details: [] };
    }
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const text =
        typeof response === 'object' && response !== null && 'message' in response
          ? [response.message].flat().join('; ')
          : exception.message;
      return { status: exception.getStatus(), message: text, details: [] };
    }
    // only the error's kind: a driver message could quote the values of the failing statement
    this.logger.error(
      `unexpected error on an OpenDSR route: ${(exception as Error)?.name ?? typeof exception}`,
    );
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'internal error', details: [] };
  }
}
