import { DomainException } from '../common/domain.exception';
import { OpenDsrErrorDetail } from './opendsr-protocol';

export enum OpenDsrErrorCode {
  InvalidRequest = 'OPENDSR_INVALID_REQUEST',
  UnsupportedRequestType = 'OPENDSR_UNSUPPORTED_REQUEST_TYPE',
  DuplicateRequestId = 'OPENDSR_DUPLICATE_REQUEST_ID',
  NotFound = 'OPENDSR_REQUEST_NOT_FOUND',
  NotCancellable = 'OPENDSR_NOT_CANCELLABLE',
  NotConfigured = 'OPENDSR_NOT_CONFIGURED',
}

/** Domain error of the OpenDSR endpoints; rendered in the spec's error shape by OpenDsrExceptionFilter. */
export class OpenDsrException extends DomainException<OpenDsrErrorCode> {
  constructor(
    code: OpenDsrErrorCode,
    message: string,
    readonly details: OpenDsrErrorDetail[] = [],
    retriable = false,
  ) {
    super(code, message, retriable);
  }
}
