import { DomainException } from '../common/domain.exception';

export enum EscalationDeliveryErrorCode {
  NotFound = 'ESCALATION_DELIVERY_NOT_FOUND',
  AlreadyDelivered = 'ESCALATION_ALREADY_DELIVERED',
}

export class EscalationDeliveryException extends DomainException<EscalationDeliveryErrorCode> {}
