import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { sendDomainError } from '../common/domain-error.response';
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

@Catch(TargetException)
export class TargetExceptionFilter implements ExceptionFilter {
  catch(exception: TargetException, host: ArgumentsHost): void {
    sendDomainError(host, httpStatusOf(exception.code), exception);
  }
}
