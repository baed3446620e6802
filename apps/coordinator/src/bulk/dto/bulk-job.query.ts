import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** Paging of a job's rejected lines. */
export class BulkJobQuery {
  @ApiPropertyOptional({
    description: 'rejected lines after this line number (nextRejectedAfter of the last page)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'rejectedAfter must be a whole number' })
  @Min(0)
  @Max(2_147_483_647)
  rejectedAfter?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'rejectedLimit must be a whole number' })
  @Min(0)
  @Max(1000)
  rejectedLimit?: number;
}

export class ListBulkJobsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
