import { ApiProperty } from '@nestjs/swagger';
import { ErasureRequestSummary } from './erasure-request.response';

export class ErasureRequestPageResponse {
  @ApiProperty({ type: [ErasureRequestSummary] }) items: ErasureRequestSummary[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'pass as cursor for the next page; null at the end',
  })
  nextCursor: string | null;
}
