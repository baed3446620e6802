import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IDENTITY_TYPES, IdentityType, SERVICE_NAME_PATTERN } from '@lethe/deletion-sdk/protocol';
import { NoPersonalData } from '../../common/no-personal-data.decorator';
import { DEADLINE_POLICIES, DeadlinePolicy, TARGET_KINDS, TargetKind } from '../target-kinds';

export class RegisterTargetDto {
  @ApiProperty({ example: 'crm-vendor', pattern: SERVICE_NAME_PATTERN.source })
  @IsString()
  @Matches(SERVICE_NAME_PATTERN, {
    message: 'name must start with a lower-case letter and hold only a-z, 0-9 and -, at most 63 characters',
  })
  name: string;

  @ApiProperty({ enum: TARGET_KINDS })
  @IsIn(TARGET_KINDS, { message: `kind must be one of: ${TARGET_KINDS.join(', ')}` })
  kind: TargetKind;

  @ApiProperty({
    example: 'https://hooks.crm.example/lethe/erasures',
    description: 'webhook: the URL commands are POSTed to; opendsr: the processor base URL (…/opendsr/v2)',
  })
  @IsString()
  @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: IDENTITY_TYPES, isArray: true, example: ['email'] })
  @IsArray()
  @ArrayMinSize(1, { message: 'identityTypes must name at least one identity type the target can erase by' })
  @ArrayMaxSize(IDENTITY_TYPES.length)
  @ArrayUnique()
  @IsIn(IDENTITY_TYPES, {
    each: true,
    message: `each identity type must be one of: ${IDENTITY_TYPES.join(', ')}`,
  })
  identityTypes: IdentityType[];

  @ApiPropertyOptional({ type: [String], example: ['crm-contacts'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  @NoPersonalData({ each: true })
  dataCategories?: string[];

  @ApiPropertyOptional({
    description:
      'webhook: the shared HMAC-SHA256 secret (required, at least 16 characters); opendsr: the bearer token the ' +
      'processor asks of its controller (optional). Stored encrypted, never shown again.',
  })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(500)
  secret?: string;

  @ApiPropertyOptional({
    description: 'how long the target usually takes once it accepted a command',
    default: 86_400_000,
  })
  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(90 * 24 * 60 * 60_000)
  expectedCompletionMs?: number;

  @ApiPropertyOptional({
    enum: DEADLINE_POLICIES,
    default: 'escalate',
    description:
      'when the target misses its expected time: skip = retry like a silent service; escalate = stop, needs attention',
  })
  @IsOptional()
  @IsIn(DEADLINE_POLICIES)
  deadlinePolicy?: DeadlinePolicy;
}
