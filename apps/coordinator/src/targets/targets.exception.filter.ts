import { HttpStatus } from '@nestjs/common';
import { domainExceptionFilter } from '../common/domain-exception.filter';
import { TargetErrorCode, TargetException } from './targets.exception';

export function httpStatusOf(code: TargetErrorCode): HttpStatus {
  switch (code) {
    case TargetErrorCode.UrlNotAllowed:
    case TargetErrorCode.SecretRequired:
    case TargetErrorCode.InvalidCallback:
      return HttpStatus.BAD_REQUEST;
    case TargetErrorCode.BadSignature:
      return HttpStatus.UNAUTHORIZED;
    case TargetErrorCode.TargetNotFound:
    case TargetErrorCode.TaskNotFound:
      return HttpStatus.NOT_FOUND;
    case TargetErrorCode.AlreadyRegistered:
    case TargetErrorCode.Replayed:
      return HttpStatus.CONFLICT;
    case TargetErrorCode.DiscoveryFailed:
      return HttpStatus.BAD_GATEWAY;
  }
}

export class TargetExceptionFilter extends domainExceptionFilter(TargetException, httpStatusOf) {}
