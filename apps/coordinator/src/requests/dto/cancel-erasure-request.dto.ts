import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CancelErasureRequestDto {
  @ApiPropertyOptional({ description: 'recorded in the ledger, e.g. "identity could not be verified"' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
