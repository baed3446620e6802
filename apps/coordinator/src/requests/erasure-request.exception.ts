import { DomainException } from '../common/domain.exception';

export enum ErasureRequestErrorCode {
  InvalidIdentity = 'INVALID_IDENTITY',
  NotFound = 'REQUEST_NOT_FOUND',
  NoServicesRegistered = 'NO_SERVICES_REGISTERED',
  InvalidCursor = 'INVALID_CURSOR',
  AlreadyFinished = 'REQUEST_ALREADY_FINISHED',
  ExtensionRefused = 'EXTENSION_REFUSED',
  /** The law's time to tell the subject of an extension is over; no later attempt can succeed. */
  ExtensionTooLate = 'EXTENSION_TOO_LATE',
  ReceiptAlreadyConfirmed = 'RECEIPT_ALREADY_CONFIRMED',
  ReceiptConfirmationNotRequired = 'RECEIPT_CONFIRMATION_NOT_REQUIRED',
  NothingToRetry = 'NOTHING_TO_RETRY',
  IdentitiesShredded = 'IDENTITIES_SHREDDED',
  /** Re-erase asked for a request whose verification found nothing, or whose findings were re-erased already. */
  NoOpenFinding = 'NO_OPEN_FINDING',
}

/** Domain error of the erasure-request feature; mapped to HTTP once, in ErasureRequestExceptionFilter. */
export class ErasureRequestException extends DomainException<ErasureRequestErrorCode> {}
