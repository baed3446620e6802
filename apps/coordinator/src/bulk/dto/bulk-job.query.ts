import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageCursor, PageLimit } from '../../common/page-query.decorators';

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

  @PageLimit({ min: 0, max: 1000, default: 100 })
  rejectedLimit?: number;
}

export class ListBulkJobsQuery {
  @PageLimit({ max: 200, default: 50 })
  limit?: number;

  @PageCursor()
  cursor?: string;
}
