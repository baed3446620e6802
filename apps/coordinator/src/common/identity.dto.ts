import { ApiProperty } from '@nestjs/swagger';
import { IDENTITY_TYPES, IdentityType } from '@lethe/deletion-sdk/protocol';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';

/**
 * One identity `{type, value}` as every body takes it (a request's subject, a legal hold, a suppression check),
 * validated the same everywhere. Each feature names its own subclass, so its OpenAPI schema keeps its name.
 */
export class IdentityDto {
  @ApiProperty({ enum: IDENTITY_TYPES, example: 'email' })
  @IsIn(IDENTITY_TYPES, { message: `type must be one of: ${IDENTITY_TYPES.join(', ')}` })
  type: IdentityType;

  @ApiProperty({ example: 'ada@example.org' })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  value: string;
}
