import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateApiKeyDto } from './create-api-key.dto';

async function problems(body: Record<string, unknown>): Promise<string[]> {
  const errors = await validate(plainToInstance(CreateApiKeyDto, body));
  return errors.flatMap((error) => Object.values(error.constraints ?? {}));
}

describe(CreateApiKeyDto.name, () => {
  it.each(['auditor', 'operator', 'admin'])('accepts the role %s', async (role) => {
    await expect(problems({ name: 'privacy-desk', role })).resolves.toEqual([]);
  });

  it.each(['root', 'Admin', '', undefined])('rejects the role %j', async (role) => {
    await expect(problems({ name: 'privacy-desk', role })).resolves.toEqual([
      'role must be one of: auditor, operator, admin, opendsr',
    ]);
  });

  it.each(['a', 'Privacy desk (EU)', 'ci@lethe', 'Zoë', 'x'.repeat(92)])(
    'accepts the name %j',
    async (name) => {
      await expect(problems({ name, role: 'auditor' })).resolves.toEqual([]);
    },
  );

  it.each([
    ['empty', ''],
    ['too long for the ledger actor', 'x'.repeat(93)],
    ['a leading space', ' desk'],
    ['a trailing space', 'desk '],
    ['a line break', 'desk\nforged log line'],
    ['a zero-width space', 'desk\u200b'],
    ['not a string', 42],
  ])('rejects a name that is %s', async (_, name) => {
    const found = await problems({ name, role: 'auditor' });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((problem) => problem.startsWith('name '))).toBe(true);
  });
});
