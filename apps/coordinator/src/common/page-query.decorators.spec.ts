import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsOptional, validateSync } from 'class-validator';
import { PageCursor, PageLimit, queryBoolean } from './page-query.decorators';

/** Where @nestjs/swagger keeps a property's documentation (not exported by the package). */
const SWAGGER_PROPERTY = 'swagger/apiModelProperties';

class ParcelListQuery {
  @PageLimit({ max: 200, default: 50 })
  limit?: number;

  @PageLimit({ min: 0, max: 10, default: 5 })
  lostLimit?: number;

  @PageCursor()
  cursor?: string;

  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'lost must be true or false' })
  lost?: boolean;
}

/** The messages class-validator gives for a query string, as the ValidationPipe would see it. */
function problemsOf(query: Record<string, string>): string[] {
  return validateSync(plainToInstance(ParcelListQuery, query)).flatMap((error) =>
    Object.values(error.constraints ?? {}),
  );
}

describe('page query decorators', () => {
  it('accepts a query without paging, and whole numbers within the bounds', () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ limit: '1', lostLimit: '0', cursor: 'abc' })).toEqual([]);
    expect(problemsOf({ limit: '200', lostLimit: '10' })).toEqual([]);
    expect(plainToInstance(ParcelListQuery, { limit: '20' }).limit).toBe(20);
  });

  it('names the property in the message of a limit that is not a whole number', () => {
    expect(problemsOf({ limit: 'ten' })).toContain('limit must be a whole number');
    expect(problemsOf({ lostLimit: '2.5' })).toContain('lostLimit must be a whole number');
  });

  it('refuses a limit outside its bounds', () => {
    expect(problemsOf({ limit: '0' })).toEqual(['limit must not be less than 1']);
    expect(problemsOf({ limit: '201' })).toEqual(['limit must not be greater than 200']);
    expect(problemsOf({ lostLimit: '-1' })).toEqual(['lostLimit must not be less than 0']);
  });

  it('refuses a cursor longer than any this API issues', () => {
    expect(problemsOf({ cursor: 'x'.repeat(201) })).toEqual([
      'cursor must be shorter than or equal to 200 characters',
    ]);
  });

  it('reads true and false from the query string and leaves anything else to be refused', () => {
    expect(plainToInstance(ParcelListQuery, { lost: 'true' }).lost).toBe(true);
    expect(plainToInstance(ParcelListQuery, { lost: 'false' }).lost).toBe(false);
    expect(problemsOf({ lost: 'yes' })).toEqual(['lost must be true or false']);
  });

  it('documents the bounds, the default and the cursor in OpenAPI', () => {
    const documented = (property: string): unknown =>
      Reflect.getMetadata(SWAGGER_PROPERTY, ParcelListQuery.prototype, property);
    expect(documented('limit')).toMatchObject({ required: false, minimum: 1, maximum: 200, default: 50 });
    expect(documented('lostLimit')).toMatchObject({ required: false, minimum: 0, maximum: 10, default: 5 });
    expect(documented('cursor')).toMatchObject({
      required: false,
      description: 'nextCursor of the previous page',
    });
  });
});
