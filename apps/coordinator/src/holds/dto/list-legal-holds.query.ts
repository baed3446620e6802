import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

export class ListLegalHoldsQuery {
  @ApiPropertyOptional({ description: 'also list released and lapsed holds (default false)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'includeReleased must be true or false' })
  includeReleased?: boolean;
}
