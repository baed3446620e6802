import { DomainException } from '../common/domain.exception';

export enum TargetErrorCode {
  UrlNotAllowed = 'TARGET_URL_NOT_ALLOWED',
  SecretRequired = 'TARGET_SECRET_REQUIRED',
  AlreadyRegistered = 'TARGET_ALREADY_REGISTERED',
  DiscoveryFailed = 'TARGET_DISCOVERY_FAILED',
  TargetNotFound = 'TARGET_NOT_FOUND',
  BadSignature = 'CALLBACK_BAD_SIGNATURE',
  Replayed = 'CALLBACK_REPLAYED',
  InvalidCallback = 'CALLBACK_INVALID',
  TaskNotFound = 'CALLBACK_TASK_NOT_FOUND',
}

/** Domain error of targets and their callbacks; mapped to HTTP once, in TargetExceptionFilter. */
export class TargetException extends DomainException<TargetErrorCode> {}
