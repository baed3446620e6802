import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { NoPersonalData } from '../../common/no-personal-data.decorator';
import { EXTENSION_DAYS_ACCEPTED } from '../../deadlines/extension-rules';

export class ExtendErasureRequestDto {
  @ApiProperty({
    minimum: EXTENSION_DAYS_ACCEPTED.min,
    maximum: EXTENSION_DAYS_ACCEPTED.max,
    description: 'days added to the current due date; the law may allow fewer (see GET /v1/meta)',
  })
  @IsInt({ message: 'days must be a whole number' })
  @Min(EXTENSION_DAYS_ACCEPTED.min)
  @Max(EXTENSION_DAYS_ACCEPTED.max)
  days: number;

  @ApiProperty({
    description:
      'why more time is needed; recorded in the ledger and owed to the data subject.' +
      ' Refused if it looks like an email address or a phone number: the ledger can never forget.',
  })
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  @NoPersonalData()
  reason: string;
}
