import { HttpStatus } from '@nestjs/common';
import { domainExceptionFilter } from '../common/domain-exception.filter';
import { RegistryErrorCode, RegistryException } from './registry.exception';

export function httpStatusOf(code: RegistryErrorCode): HttpStatus {
  switch (code) {
    case RegistryErrorCode.ServiceNotFound:
    case RegistryErrorCode.RequestNotFound:
    case RegistryErrorCode.TaskNotFound:
      return HttpStatus.NOT_FOUND;
    case RegistryErrorCode.ServiceAlreadyRegistered:
    case RegistryErrorCode.ServiceAlreadyRetired:
    case RegistryErrorCode.ServiceNotManual:
    case RegistryErrorCode.TaskNotDispatched:
    case RegistryErrorCode.TaskAlreadySettled:
      return HttpStatus.CONFLICT;
    case RegistryErrorCode.InvalidConfirmation:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case RegistryErrorCode.TopicsUnavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
  }
}

/** Maps the registry's domain errors to HTTP in Nest's error shape, plus the machine-readable code. */
export class RegistryExceptionFilter extends domainExceptionFilter(RegistryException, httpStatusOf) {}
