import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { NoPersonalData } from '../../common/no-personal-data.decorator';

export class CancelErasureRequestDto {
  @ApiPropertyOptional({
    description: `recorded in the ledger, e.g. "identity could not be verified".${' Refused if it looks like an email address or a phone number: the ledger can never forget.'}`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @NoPersonalData()
  reason?: string;
}
