import { ApiProperty } from '@nestjs/swagger';

export class StreamBreakResponse {
  @ApiProperty({ example: 'registry' }) stream: string;
  @ApiProperty() seq: number;
  @ApiProperty({ example: 'stream head is at 4 but events end at 3' }) reason: string;
}

export class AuditVerificationResponse {
  @ApiProperty() valid: boolean;
  @ApiProperty({ description: 'streams verified (one per request, plus registry, api-keys, …)' })
  streams: number;
  @ApiProperty({ description: 'events verified' }) events: number;
  @ApiProperty({
    type: [StreamBreakResponse],
    description: 'the first break of each broken stream (at most 100)',
  })
  broken: StreamBreakResponse[];
  @ApiProperty({ description: 'broken streams in total, including any beyond the listed ones' })
  brokenStreams: number;
  @ApiProperty({ format: 'date-time' }) verifiedAt: string;
}
