import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { Regulation, REGULATIONS } from '../../deadlines/deadline-policy';
import { queryBoolean } from '../../common/page-query.decorators';

/** The upload's settings travel in the query string: the body is the list itself. */
export class BulkSubmitQuery {
  @ApiProperty({ enum: REGULATIONS, description: 'the one regulation every line of this upload is under' })
  @IsIn(REGULATIONS, { message: `regulation must be one of: ${REGULATIONS.join(', ')}` })
  regulation: Regulation;

  @ApiPropertyOptional({
    description:
      'true: every request is a dry run (services report what they would delete, delete nothing; ' +
      'webhook and OpenDSR targets, which have no dry run, are left out)',
    default: false,
  })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}
