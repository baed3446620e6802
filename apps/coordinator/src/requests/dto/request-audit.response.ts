import { ApiProperty } from '@nestjs/swagger';
import { AuditEventResponse } from '../../ledger/dto/audit-event.response';

export class ChainBreakResponse {
  @ApiProperty({ description: 'the first event that does not fit' }) seq: number;
  @ApiProperty({ example: 'content does not match its hash' }) reason: string;
}

export class RequestAuditResponse {
  @ApiProperty({ type: [AuditEventResponse] }) events: AuditEventResponse[];
  @ApiProperty({
    description: 'every hash recomputes, every event links to the previous one, and the stream head matches',
  })
  chainValid: boolean;
  @ApiProperty({ type: ChainBreakResponse, nullable: true }) broken: ChainBreakResponse | null;
}
