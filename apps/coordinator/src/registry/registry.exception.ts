import { DomainException } from '../common/domain.exception';

export enum RegistryErrorCode {
  ServiceNotFound = 'SERVICE_NOT_FOUND',
  ServiceAlreadyRegistered = 'SERVICE_ALREADY_REGISTERED',
  ServiceAlreadyRetired = 'SERVICE_ALREADY_RETIRED',
  TopicsUnavailable = 'TOPICS_UNAVAILABLE',
  RequestNotFound = 'REQUEST_NOT_FOUND',
  TaskNotFound = 'TASK_NOT_FOUND',
  ServiceNotManual = 'SERVICE_NOT_MANUAL',
  TaskNotDispatched = 'TASK_NOT_DISPATCHED',
  TaskAlreadySettled = 'TASK_ALREADY_SETTLED',
  InvalidConfirmation = 'INVALID_CONFIRMATION',
}

/** Domain error of the service registry and manual confirmations; mapped to HTTP once, in RegistryExceptionFilter. */
export class RegistryException extends DomainException<RegistryErrorCode> {}
