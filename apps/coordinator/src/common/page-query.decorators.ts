import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export interface PageLimitOptions {
  /** @defaultValue 1 */
  min?: number;
  max: number;
  /** What the service uses when the query leaves the limit out (documented in OpenAPI). */
  default: number;
}

/** An optional whole-number page size from the query string, `<name> must be a whole number` when it is not one. */
export function PageLimit({ min = 1, max, default: byDefault }: PageLimitOptions): PropertyDecorator {
  return (target, property) =>
    applyDecorators(
      ApiPropertyOptional({ minimum: min, maximum: max, default: byDefault }),
      IsOptional(),
      Type(() => Number),
      IsInt({ message: `${String(property)} must be a whole number` }),
      Min(min),
      Max(max),
    )(target, property);
}

/** The opaque keyset cursor of a list: the `nextCursor` the previous page returned. */
export function PageCursor(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: 'nextCursor of the previous page' }),
    IsOptional(),
    IsString(),
    MaxLength(200),
  );
}

/** `true`/`false` in a query string as a boolean; anything else is left for `@IsBoolean` to refuse. */
export function queryBoolean({ value }: { value: unknown }): unknown {
  return value === 'true' ? true : value === 'false' ? false : value;
}
