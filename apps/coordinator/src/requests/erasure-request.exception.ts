import { DomainException } from '../common/domain.exception';

export enum ErasureRequestErrorCode {
  InvalidIdentity = 'INVALID_IDENTITY',
  NotFound = 'REQUEST_NOT_FOUND',
  NoServicesRegistered = 'NO_SERVICES_REGISTERED',
  InvalidCursor = 'INVALID_CURSOR',
  AlreadyFinished = 'REQUEST_ALREADY_FINISHED',
  ExtensionRefused = 'EXTENSION_REFUSED',
  NothingToRetry = 'NOTHING_TO_RETRY',
  IdentitiesShredded = 'IDENTITIES_SHREDDED',
}

/** Domain error of the erasure-request feature; mapped to HTTP once, in ErasureRequestExceptionFilter. */
export class ErasureRequestException extends DomainException<ErasureRequestErrorCode> {}
