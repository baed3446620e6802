import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
  IsArray,
  IsBoolean,
  IsDefined,
  IsObject,
} from 'class-validator';
import { NoPersonalData } from '../../common/no-personal-data.decorator';
import { Regulation, REGULATIONS } from '../../deadlines/deadline-policy';
import { IdentityDto } from '../../common/identity.dto';

export class SubjectIdentityDto extends IdentityDto {}

export class SubjectDto {
  @ApiProperty({ type: [SubjectIdentityDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'subject.identities must name the person by at least one identity' })
  @ArrayMaxSize(50)
  // an array inside the array would be walked as more identities and reach intake unvalidated
  @IsObject({ each: true, message: 'each of subject.identities must be an object {type, value}' })
  @ValidateNested({ each: true })
  @Type(() => SubjectIdentityDto)
  identities: SubjectIdentityDto[];
}

export class CreateErasureRequestDto {
  @ApiProperty({ enum: REGULATIONS })
  @IsIn(REGULATIONS, { message: `regulation must be one of: ${REGULATIONS.join(', ')}` })
  regulation: Regulation;

  @ApiProperty({ type: SubjectDto })
  @IsDefined()
  // an array here would pass ValidateNested as a list of subjects
  @IsObject({ message: 'subject must be an object {identities}' })
  @ValidateNested()
  @Type(() => SubjectDto)
  subject: SubjectDto;

  @ApiPropertyOptional({
    description:
      'Your own reference; submitting it again returns the existing request. Recorded in the ledger, so ' +
      'refused if it looks like an email address or a phone number: use a ticket number, not the person.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[\x21-\x7e]+$/, { message: 'externalId must be printable ASCII without spaces' })
  @NoPersonalData()
  externalId?: string;

  @ApiPropertyOptional({
    description:
      'Free text for the record, e.g. how the request arrived; kept in the audit ledger (request.received).' +
      ' Refused if it looks like an email address or a phone number: the ledger can never forget.',
    maxLength: 2000,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @NoPersonalData()
  notes?: string;

  @ApiPropertyOptional({
    description:
      'A dry run: every service runs its erasure handlers in dry-run mode and reports what it would delete, ' +
      'without deleting anything. The request completes as a dry run and is not counted as an erasure. ' +
      'Webhook and OpenDSR targets are left out (they have no dry run); 409 NO_SERVICES_REGISTERED when only ' +
      'targets are registered.',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}
