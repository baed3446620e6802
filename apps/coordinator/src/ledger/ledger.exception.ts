import { DomainException } from '../common/domain.exception';

export enum LedgerErrorCode {
  RequestNotFound = 'AUDIT_REQUEST_NOT_FOUND',
  /** A whole-ledger verification could not read or hash part of the ledger; it says nothing either way. */
  VerificationUnavailable = 'AUDIT_VERIFICATION_UNAVAILABLE',
}

/** Domain error of the ledger feature; mapped to HTTP once, in LedgerExceptionFilter. */
export class LedgerException extends DomainException<LedgerErrorCode> {}
