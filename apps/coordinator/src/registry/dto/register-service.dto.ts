import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IDENTITY_TYPES, IdentityType, SERVICE_NAME_PATTERN } from '@lethe/deletion-sdk/protocol';
import { NoPersonalData } from '../../common/no-personal-data.decorator';

/** Limits mirror the protocol's service.announce schema, so a manual service looks like an SDK one. */
export class RegisterServiceDto {
  @ApiProperty({ example: 'legacy-crm', pattern: SERVICE_NAME_PATTERN.source })
  @IsString()
  @Matches(SERVICE_NAME_PATTERN, {
    message: 'name must start with a lower-case letter and hold only a-z, 0-9 and -, at most 63 characters',
  })
  name: string;

  @ApiProperty({ enum: IDENTITY_TYPES, isArray: true, example: ['email', 'user_id'] })
  @IsArray()
  @ArrayMinSize(1, { message: 'identityTypes must name at least one identity type the service can erase by' })
  @ArrayMaxSize(IDENTITY_TYPES.length)
  @ArrayUnique()
  @IsIn(IDENTITY_TYPES, {
    each: true,
    message: `each identity type must be one of: ${IDENTITY_TYPES.join(', ')}`,
  })
  identityTypes: IdentityType[];

  @ApiProperty({ type: [String], example: ['crm-contacts', 'support-tickets'] })
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  @NoPersonalData({ each: true })
  dataCategories: string[];
}
