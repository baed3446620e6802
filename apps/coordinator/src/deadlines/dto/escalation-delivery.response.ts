import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ESCALATION_DELIVERY_STATUSES,
  EscalationDelivery,
  EscalationDeliveryStatus,
} from '../escalation-delivery';

const iso = (date: Date | null): string | null => (date === null ? null : new Date(date).toISOString());

export class EscalationDeliveryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ enum: ['at_risk', 'overdue', 'receipt_confirmation_overdue', 'task_reminder'] })
  kind!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'a task_reminder: the service whose task waits past its expected time',
  })
  service!: string | null;
  @ApiProperty({ enum: ESCALATION_DELIVERY_STATUSES }) status!: EscalationDeliveryStatus;
  @ApiProperty({ description: 'the due date (a reminder: the expected time) the escalation is about' })
  dueAt!: string;
  @ApiProperty() escalatedAt!: string;
  @ApiProperty({ description: 'POSTs tried so far' }) attempts!: number;
  @ApiProperty({ description: 'when the next POST is due (pending and failing only)' })
  nextAttemptAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) deliveredAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) stoppedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) stoppedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'why the last POST failed' })
  lastError!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) lastHttpStatus!: number | null;

  static of(delivery: EscalationDelivery): EscalationDeliveryResponse {
    return {
      id: delivery.id,
      requestId: delivery.requestId,
      kind: delivery.kind,
      service: delivery.service,
      status: delivery.status,
      dueAt: new Date(delivery.dueAt).toISOString(),
      escalatedAt: new Date(delivery.escalatedAt).toISOString(),
      attempts: delivery.attempts,
      nextAttemptAt: new Date(delivery.nextAttemptAt).toISOString(),
      deliveredAt: iso(delivery.deliveredAt),
      stoppedAt: iso(delivery.stoppedAt),
      stoppedBy: delivery.stoppedBy,
      lastError: delivery.lastError,
      lastHttpStatus: delivery.lastHttpStatus,
    };
  }
}

export class EscalationDeliveryListResponse {
  @ApiProperty({ type: [EscalationDeliveryResponse] }) items!: EscalationDeliveryResponse[];
}
