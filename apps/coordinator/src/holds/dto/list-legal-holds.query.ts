import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { queryBoolean } from '../../common/page-query.decorators';

export class ListLegalHoldsQuery {
  @ApiPropertyOptional({ description: 'also list released and lapsed holds (default false)' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'includeReleased must be true or false' })
  includeReleased?: boolean;
}
