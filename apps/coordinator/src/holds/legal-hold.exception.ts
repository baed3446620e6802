import { DomainException } from '../common/domain.exception';

export enum LegalHoldErrorCode {
  InvalidIdentity = 'INVALID_IDENTITY',
  NotFound = 'LEGAL_HOLD_NOT_FOUND',
  AlreadyReleased = 'LEGAL_HOLD_ALREADY_RELEASED',
  EndsInThePast = 'LEGAL_HOLD_ENDS_IN_THE_PAST',
}

/** Domain error of legal holds; mapped to HTTP once, in LegalHoldExceptionFilter. */
export class LegalHoldException extends DomainException<LegalHoldErrorCode> {}
