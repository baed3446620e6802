import { DomainException } from '../common/domain.exception';

export enum LedgerErrorCode {
  RequestNotFound = 'AUDIT_REQUEST_NOT_FOUND',
}

/** Domain error of the ledger feature; mapped to HTTP once, in LedgerExceptionFilter. */
export class LedgerException extends DomainException<LedgerErrorCode> {}
