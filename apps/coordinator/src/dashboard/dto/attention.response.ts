import { ApiProperty } from '@nestjs/swagger';
import { ErasureRequestSummary } from '../../requests/dto/erasure-request.response';

export const ATTENTION_REASONS = ['overdue', 'at_risk', 'needs_attention'] as const;
export type AttentionReason = (typeof ATTENTION_REASONS)[number];

export class AttentionItemResponse extends ErasureRequestSummary {
  @ApiProperty({ enum: ATTENTION_REASONS, isArray: true }) reasons: AttentionReason[];
}

export class AttentionListResponse {
  @ApiProperty({
    type: [AttentionItemResponse],
    description: 'open requests that are overdue, at risk or need an operator, soonest due first',
  })
  items: AttentionItemResponse[];
}
