import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { NoPersonalData } from '../../common/no-personal-data.decorator';
import { HOLD_BASES, HoldBasis } from '../hold-basis';
import { IdentityDto } from '../../common/identity.dto';

/** One identity of the held subject: the shape every body shares, so holds depend on no intake. */
export class HeldIdentityDto extends IdentityDto {}

export class CreateLegalHoldDto {
  @ApiProperty({
    type: [HeldIdentityDto],
    description:
      'The held subject. Only keyed hashes of the normalised values are stored; a request matching any one of ' +
      'them is held.',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'identities must name the person by at least one identity' })
  @ArrayMaxSize(50)
  // an array inside the array would be walked as more identities and reach the service unvalidated
  @IsObject({ each: true, message: 'each of identities must be an object {type, value}' })
  @ValidateNested({ each: true })
  @Type(() => HeldIdentityDto)
  identities: HeldIdentityDto[];

  @ApiProperty({
    enum: HOLD_BASES,
    description:
      'litigation and fraud: GDPR Art. 17(3)(e), CCPA §1798.145(a)(1)(E) / §1798.105(d)(2); subpoena and ' +
      'regulatory_investigation: GDPR Art. 17(3)(b), CCPA §1798.145(a)(1)(A)/(B)',
  })
  @IsIn(HOLD_BASES, { message: `basis must be one of: ${HOLD_BASES.join(', ')}` })
  basis: HoldBasis;

  @ApiProperty({
    description:
      'Why, for the record, e.g. a case or docket number. Kept in the audit ledger, so refused if it looks like ' +
      'an email address or a phone number.',
    maxLength: 2000,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @NoPersonalData()
  reason: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the hold lapses by itself; held-back requests are then erased as on a release.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'endsAt must be an ISO-8601 date-time, e.g. 2027-01-15T00:00:00Z' })
  endsAt?: string;
}
