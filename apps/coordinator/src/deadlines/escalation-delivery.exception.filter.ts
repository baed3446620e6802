import { HttpStatus } from '@nestjs/common';
import { domainExceptionFilter } from '../common/domain-exception.filter';
import { EscalationDeliveryErrorCode, EscalationDeliveryException } from './escalation-delivery.exception';

export function httpStatusOf(code: EscalationDeliveryErrorCode): HttpStatus {
  switch (code) {
    case EscalationDeliveryErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case EscalationDeliveryErrorCode.AlreadyDelivered:
      return HttpStatus.CONFLICT;
  }
}

export class EscalationDeliveryExceptionFilter extends domainExceptionFilter(
  EscalationDeliveryException,
  httpStatusOf,
) {}
