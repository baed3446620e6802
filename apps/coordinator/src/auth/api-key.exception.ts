import { DomainException } from '../common/domain.exception';

export enum ApiKeyErrorCode {
  NotFound = 'API_KEY_NOT_FOUND',
  NameTaken = 'API_KEY_NAME_TAKEN',
}

/** Domain error of API key administration; mapped to HTTP once, in ApiKeyExceptionFilter. */
export class ApiKeyException extends DomainException<ApiKeyErrorCode> {}
