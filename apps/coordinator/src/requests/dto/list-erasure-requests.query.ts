import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Regulation, REGULATIONS } from '../../deadlines/deadline-policy';
import { REQUEST_STATUSES, RequestStatus } from '../request-lifecycle';
import { PageCursor, PageLimit, queryBoolean } from '../../common/page-query.decorators';

export class ListErasureRequestsQuery {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES })
  @IsOptional()
  @IsIn(REQUEST_STATUSES, { message: `status must be one of: ${REQUEST_STATUSES.join(', ')}` })
  status?: RequestStatus;

  @ApiPropertyOptional({ enum: REGULATIONS })
  @IsOptional()
  @IsIn(REGULATIONS, { message: `regulation must be one of: ${REGULATIONS.join(', ')}` })
  regulation?: Regulation;

  @ApiPropertyOptional({ description: 'true: only requests past their due date and not finished' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'a request id or externalId (exact)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @PageLimit({ max: 200, default: 50 })
  limit?: number;

  @PageCursor()
  cursor?: string;
}
