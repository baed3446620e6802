import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { NoPersonalData } from '../../common/no-personal-data.decorator';

export class ExtendErasureRequestDto {
  @ApiProperty({ minimum: 1, maximum: 92, description: 'days added to the current due date' })
  @IsInt({ message: 'days must be a whole number' })
  @Min(1)
  @Max(92)
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
