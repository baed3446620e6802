import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, validate } from 'class-validator';
import { NoPersonalData } from './no-personal-data.decorator';

class Note {
  @IsOptional()
  @IsString()
  @NoPersonalData()
  reason?: unknown;
}

class Tags {
  @IsOptional()
  @NoPersonalData({ each: true })
  tags?: unknown;
}

async function problems(type: new () => object, body: Record<string, unknown>): Promise<string[]> {
  const errors = await validate(plainToInstance(type, body));
  return errors.flatMap((error) => Object.values(error.constraints ?? {}));
}

describe(NoPersonalData.name, () => {
  it.each([
    'identity could not be verified',
    'customer asked for more time; ticket 4711',
    'duplicate of 123e4567-e89b-12d3-a456-426614174000',
    'awaiting backup restore until 2025-03-01T10:00:00Z',
    'ORD-2024-000123',
    'api-key:ci@lethe',
    '',
  ])('accepts %j', async (reason) => {
    await expect(problems(Note, { reason })).resolves.toEqual([]);
  });

  it('accepts an absent value and leaves non-strings to @IsString', async () => {
    await expect(problems(Note, {})).resolves.toEqual([]);
    await expect(problems(Note, { reason: 42 })).resolves.toEqual(['reason must be a string']);
  });

  it.each([
    ['an email address', 'asked by ada@example.org', 'an email address'],
    ['an E.164 number', 'call back on +447946095800', 'a phone number'],
    ['a national number', 'call 020 7946 0958 first', 'a phone number'],
    ['a North American number', '415-555-2671', 'a phone number'],
  ])('refuses %s, naming the field and why, without echoing the value', async (_, reason, what) => {
    const found = await problems(Note, { reason });
    expect(found).toEqual([
      `reason must not contain personal data: it looks like it holds ${what}, and it is recorded in the ` +
        'append-only audit ledger, which can never erase it; refer to the person by the request id instead',
    ]);
    expect(found.join(' ')).not.toContain(reason);
  });

  it('checks every item of an array', async () => {
    await expect(problems(Tags, { tags: ['crm', 'billing'] })).resolves.toEqual([]);
    const found = await problems(Tags, { tags: ['crm', 'owner ada@example.org'] });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^tags must not contain personal data: it looks like it holds an email address/);
  });
});
