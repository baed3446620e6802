import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, ValidateNested } from 'class-validator';
import { IdentityDto } from '../../common/identity.dto';

export class CheckedIdentityDto extends IdentityDto {}

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
