import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IDENTITY_TYPES, IdentityType } from '@lethe/deletion-sdk/protocol';

export class CheckedIdentityDto {
  @ApiProperty({ enum: IDENTITY_TYPES, example: 'email' })
  @IsIn(IDENTITY_TYPES, { message: `type must be one of: ${IDENTITY_TYPES.join(', ')}` })
  type: IdentityType;

  @ApiProperty({ example: 'ada@example.org' })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  value: string;
}

export class SuppressionCheckDto {
  @ApiProperty({
    type: [CheckedIdentityDto],
    description: 'up to 500 identities, answered in the same order',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsObject({ each: true, message: 'each of identities must be an object {type, value}' })
  @ValidateNested({ each: true })
  @Type(() => CheckedIdentityDto)
  identities: CheckedIdentityDto[];
}
