import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { API_KEY_NAME_MAX_LENGTH, API_KEY_NAME_PATTERN } from '../caller';
import { NoPersonalData } from '../../common/no-personal-data.decorator';
import { Role, ROLES } from '../role';

export class CreateApiKeyDto {
  @ApiProperty({
    description:
      'Who or what holds the key; recorded as the actor `api-key:<name>` in the audit ledger. ' +
      'Unique ignoring case, never reused (also after revocation); `bootstrap` is reserved. ' +
      'Not an email address or a phone number: the ledger can never forget an actor.',
    minLength: 1,
    maxLength: API_KEY_NAME_MAX_LENGTH,
    example: 'privacy-desk',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(API_KEY_NAME_MAX_LENGTH)
  @Matches(API_KEY_NAME_PATTERN, {
    message: 'name must be printable, without control characters or leading or trailing spaces',
  })
  @NoPersonalData()
  name: string;

  @ApiProperty({
    enum: ROLES,
    description:
      'admin ⊇ operator ⊇ auditor: auditors read, operators also act on requests, admins manage keys; opendsr may use only the OpenDSR routes (for a privacy platform acting as controller)',
  })
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role: Role;
}
