import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { sendDomainError } from '../common/domain-error.response';
import { EscalationDeliveryErrorCode, EscalationDeliveryException } from './escalation-delivery.exception';

export function httpStatusOf(code: EscalationDeliveryErrorCode): HttpStatus {
  switch (code) {
    case EscalationDeliveryErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case EscalationDeliveryErrorCode.AlreadyDelivered:
      return HttpStatus.CONFLICT;
  }
}

@Catch(EscalationDeliveryException)
export class EscalationDeliveryExceptionFilter implements ExceptionFilter {
  catch(exception: EscalationDeliveryException, host: ArgumentsHost): void {
    sendDomainError(host, httpStatusOf(exception.code), exception);
  }
}
