import { ApiProperty } from '@nestjs/swagger';

export class AuditEventResponse {
  @ApiProperty({ description: 'position in its stream, from 1' }) seq: number;
  @ApiProperty({ example: 'task.result' }) type: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ example: 'service:accounts' }) actor: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'details of the event; identities appear only as keyed hashes',
  })
  data: Record<string, unknown>;
  @ApiProperty({ description: 'SHA-256 of the canonical event, including prevHash' }) hash: string;
  @ApiProperty({ description: 'hash of the previous event of the stream (64 zeros for the first)' })
  prevHash: string;
}

/** One line of GET /v1/audit/export: an event with its stream, everything needed to re-verify the chain offline. */
export class AuditExportLine extends AuditEventResponse {
  @ApiProperty({ example: 'request:7d3f2c1e-5b7a-4f7e-9a53-2b1f0c9d8e01' }) stream: string;
}
