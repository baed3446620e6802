import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { NoPersonalData } from '../../../common/no-personal-data.decorator';
import { MANUAL_OUTCOMES, ManualOutcome } from '../manual-result';

export class RetentionDto {
  @ApiProperty({ example: 'legal_obligation', description: 'GDPR Art. 17(3) a–e, or a named retention rule' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @NoPersonalData()
  basis: string;

  @ApiPropertyOptional({
    example: 'invoices kept 10 years (tax law)',
    description: 'kept in the ledger, so refused if it looks like an email address or a phone number',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @NoPersonalData()
  note?: string;
}

export class ConfirmTaskDto {
  @ApiProperty({ enum: MANUAL_OUTCOMES })
  @IsIn(MANUAL_OUTCOMES, { message: `outcome must be one of: ${MANUAL_OUTCOMES.join(', ')}` })
  outcome: ManualOutcome;

  @ApiProperty({ minimum: 0, example: 3 })
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  recordsAffected: number;

  @ApiPropertyOptional({ type: RetentionDto, description: 'required when the outcome is retained' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RetentionDto)
  retention?: RetentionDto;

  @ApiPropertyOptional({
    example: 'purged from the paper archive, box 12 shredded',
    description:
      'what was done, kept in the ledger as evidence, so refused if it looks like an email address or a phone number',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @NoPersonalData()
  note?: string;

  @ApiPropertyOptional({
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    description:
      'SHA-256 (lowercase hex) of an evidence file kept outside Lethe, e.g. a shredding certificate',
  })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, {
    message: 'evidenceSha256 must be a SHA-256 digest in 64 lowercase hex digits',
  })
  evidenceSha256?: string;
}
