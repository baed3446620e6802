import { ApiProperty } from '@nestjs/swagger';

export class SuppressionResultResponse {
  @ApiProperty({ description: 'a completed erasure request named this identity' }) suppressed: boolean;
}

export class SuppressionCheckResponse {
  @ApiProperty({ type: [SuppressionResultResponse], description: 'one per identity asked, in order' })
  results: SuppressionResultResponse[];
}
