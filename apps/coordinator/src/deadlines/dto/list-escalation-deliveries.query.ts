import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ESCALATION_DELIVERY_STATUSES, EscalationDeliveryStatus } from '../escalation-delivery';

export class ListEscalationDeliveriesQuery {
  @ApiPropertyOptional({ enum: ESCALATION_DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(ESCALATION_DELIVERY_STATUSES, {
    message: `status must be one of: ${ESCALATION_DELIVERY_STATUSES.join(', ')}`,
  })
  status?: EscalationDeliveryStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(200)
  limit?: number;
}
