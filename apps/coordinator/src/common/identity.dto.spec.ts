import { plainToInstance, Type } from 'class-transformer';
import { IsArray, ValidateNested, validateSync, ValidationError } from 'class-validator';
import { IdentityDto } from './identity.dto';

class ParcelIdentityDto extends IdentityDto {}

class ParcelDto {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ParcelIdentityDto)
  identities: ParcelIdentityDto[];
}

const messages = (errors: ValidationError[]): string[] =>
  errors.flatMap((error) => [...Object.values(error.constraints ?? {}), ...messages(error.children ?? [])]);

const problemsOf = (identities: unknown[]) =>
  messages(validateSync(plainToInstance(ParcelDto, { identities })));

describe(IdentityDto.name, () => {
  it("validates a feature's named subclass like the base", () => {
    expect(problemsOf([{ type: 'email', value: 'ada@example.org' }])).toEqual([]);
    expect(problemsOf([{ type: 'fax', value: 'x' }])).toEqual([
      expect.stringMatching(/^type must be one of: /),
    ]);
    expect(problemsOf([{ type: 'email', value: '' }])).toEqual([
      'value must be longer than or equal to 1 characters',
    ]);
    expect(problemsOf([{ type: 'email', value: 'a'.repeat(513) }])).toEqual([
      'value must be shorter than or equal to 512 characters',
    ]);
  });

  it('documents both fields on the subclass for OpenAPI', () => {
    expect(Reflect.getMetadata('swagger/apiModelPropertiesArray', ParcelIdentityDto.prototype)).toEqual([
      ':type',
      ':value',
    ]);
  });
});
