import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

/** `POST /admin/failures`: fail the next `count` erasure commands (0 heals). */
export class ConfigureFailuresDto {
  @IsInt()
  @Min(0)
  @Max(1_000)
  count: number;

  /** @defaultValue true */
  @IsOptional()
  @IsBoolean()
  retriable?: boolean;
}
