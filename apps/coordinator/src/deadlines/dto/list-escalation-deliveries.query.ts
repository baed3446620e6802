import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ESCALATION_DELIVERY_STATUSES, EscalationDeliveryStatus } from '../escalation-delivery';
import { PageLimit } from '../../common/page-query.decorators';

export class ListEscalationDeliveriesQuery {
  @ApiPropertyOptional({ enum: ESCALATION_DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(ESCALATION_DELIVERY_STATUSES, {
    message: `status must be one of: ${ESCALATION_DELIVERY_STATUSES.join(', ')}`,
  })
  status?: EscalationDeliveryStatus;

  @PageLimit({ max: 200, default: 50 })
  limit?: number;
}
