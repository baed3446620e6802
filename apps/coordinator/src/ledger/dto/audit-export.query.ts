import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class AuditExportQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'only events at or after this instant' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO-8601 date-time, e.g. 2027-01-15T00:00:00Z' })
  since?: string;

  @ApiPropertyOptional({ example: 'registry', description: 'only this stream (e.g. request:<id>, registry)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  stream?: string;
}
