import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, EnvReader } from './env-reader';

type Env = Record<string, string | undefined>;

/** The problems a reader collected, as assertValid reports them. */
function problemsOf(read: EnvReader): string[] {
  try {
    read.assertValid('test');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const [header, ...lines] = (err as ConfigError).message.split('\n');
    expect(header).toBe('Invalid test configuration:');
    return lines.map((line) => line.replace(/^ {2}- /, ''));
  }
  return [];
}

function readWith(env: Env, use: (read: EnvReader) => unknown): { value: unknown; problems: string[] } {
  const read = new EnvReader(env);
  const value = use(read);
  return { value, problems: problemsOf(read) };
}

describe(EnvReader.name, () => {
  describe('string', () => {
    it.each<[string, Env, string | undefined, string]>([
      ['returns the value', { NAME: 'lethe' }, undefined, 'lethe'],
      ['trims it', { NAME: '  lethe \n' }, undefined, 'lethe'],
      ['prefers the value to the fallback', { NAME: 'lethe' }, 'fallback', 'lethe'],
      ['falls back when unset', {}, 'fallback', 'fallback'],
      ['falls back when blank', { NAME: '   ' }, 'fallback', 'fallback'],
      ['accepts an empty fallback', {}, '', ''],
    ])('%s', (_case, env, fallback, expected) => {
      expect(readWith(env, (read) => read.string('NAME', fallback))).toEqual({
        value: expected,
        problems: [],
      });
    });

    it.each<[string, Env]>([
      ['unset', {}],
      ['empty', { NAME: '' }],
      ['blank', { NAME: ' \t' }],
    ])('requires a value without a fallback (%s)', (_case, env) => {
      expect(readWith(env, (read) => read.string('NAME'))).toEqual({
        value: '',
        problems: ['NAME is required'],
      });
    });

    it('reads only the environment it was given, never process.env', () => {
      expect(process.env.PATH).toBeTruthy();
      expect(new EnvReader({}).string('PATH', 'given')).toBe('given');
    });
  });

  describe('secret', () => {
    it('accepts a secret of at least the minimum length', () => {
      expect(readWith({ KEY: 'x'.repeat(16) }, (read) => read.secret('KEY', 16))).toEqual({
        value: 'x'.repeat(16),
        problems: [],
      });
    });

    it('reports a short secret without echoing it', () => {
      const { value, problems } = readWith({ KEY: 'hunter2-secret' }, (read) => read.secret('KEY', 16));
      expect(value).toBe('hunter2-secret');
      expect(problems).toEqual(['KEY must be at least 16 characters']);
      expect(problems.join()).not.toContain('hunter2');
    });

    it('measures the trimmed value', () => {
      expect(readWith({ KEY: `  ${'x'.repeat(15)}  ` }, (read) => read.secret('KEY', 16)).problems).toEqual([
        'KEY must be at least 16 characters',
      ]);
    });

    it('reports a missing secret once, as required', () => {
      expect(readWith({}, (read) => read.secret('KEY', 16))).toEqual({
        value: '',
        problems: ['KEY is required'],
      });
    });

    it('prefers the variable to <NAME>_FILE, without reading the file', () => {
      const env = { KEY: 'x'.repeat(16), KEY_FILE: '/nonexistent/lethe/secret' };
      expect(readWith(env, (read) => read.secret('KEY', 16))).toEqual({
        value: 'x'.repeat(16),
        problems: [],
      });
    });

    it('ignores a blank <NAME>_FILE', () => {
      expect(readWith({ KEY_FILE: '  ' }, (read) => read.secret('KEY', 16))).toEqual({
        value: '',
        problems: ['KEY is required'],
      });
    });
  });

  describe('optionalSecret', () => {
    it('is null when neither the variable nor its file is set', () => {
      const read = new EnvReader({});
      expect(read.optionalSecret('PEM')).toBeNull();
      expect(() => read.assertValid('test')).not.toThrow();
    });

    it('reads the variable, or else the file it names', () => {
      const dir = mkdtempSync(join(tmpdir(), 'env-reader-'));
      const file = join(dir, 'key.pem');
      writeFileSync(file, '-----PEM-----\n');
      expect(new EnvReader({ PEM: 'inline' }).optionalSecret('PEM')).toBe('inline');
      expect(new EnvReader({ PEM_FILE: file }).optionalSecret('PEM')).toBe('-----PEM-----');
    });

    it('reports a file that cannot be read', () => {
      const read = new EnvReader({ PEM_FILE: '/nonexistent/key.pem' });
      expect(read.optionalSecret('PEM')).toBeNull();
      expect(() => read.assertValid('test')).toThrow('PEM_FILE cannot be read (ENOENT)');
    });
  });

  describe('matching', () => {
    const PREFIX = /^[a-z.]{0,10}$/;

    it.each<[string, Env, string, string]>([
      ['returns a matching value', { PREFIX: 'staging.' }, '', 'staging.'],
      ['trims it', { PREFIX: ' staging. ' }, '', 'staging.'],
      ['falls back when unset', {}, 'dev.', 'dev.'],
      ['keeps an explicitly empty value rather than the fallback', { PREFIX: '' }, 'dev.', ''],
      ['treats a blank value as empty', { PREFIX: '  ' }, 'dev.', ''],
    ])('%s', (_case, env, fallback, expected) => {
      expect(readWith(env, (read) => read.matching('PREFIX', fallback, PREFIX))).toEqual({
        value: expected,
        problems: [],
      });
    });

    it('reports a value that does not match, naming the pattern', () => {
      expect(
        readWith({ PREFIX: 'Staging/' }, (read) => read.matching('PREFIX', '', PREFIX)).problems,
      ).toEqual(['PREFIX must match ^[a-z.]{0,10}$']);
    });

    it('checks the fallback too', () => {
      expect(readWith({}, (read) => read.matching('PREFIX', 'UPPER', PREFIX)).problems).toEqual([
        'PREFIX must match ^[a-z.]{0,10}$',
      ]);
    });
  });

  describe('int', () => {
    it.each<[string, Env, number]>([
      ['falls back when unset', {}, 3000],
      ['falls back when blank', { PORT: '  ' }, 3000],
      ['parses the value', { PORT: '8080' }, 8080],
      ['trims it', { PORT: ' 8080 ' }, 8080],
      ['accepts the minimum', { PORT: '1' }, 1],
      ['accepts the maximum', { PORT: '65535' }, 65535],
    ])('%s', (_case, env, expected) => {
      expect(readWith(env, (read) => read.int('PORT', 3000, { min: 1, max: 65535 }))).toEqual({
        value: expected,
        problems: [],
      });
    });

    it.each(['0', '65536', '-80', '3.5', 'abc', '80abc', 'NaN', 'Infinity', '0x1F90', '1e3', '+80'])(
      'reports %j and falls back',
      (raw) => {
        expect(readWith({ PORT: raw }, (read) => read.int('PORT', 3000, { min: 1, max: 65535 }))).toEqual({
          value: 3000,
          problems: [`PORT must be an integer between 1 and 65535 (got "${raw}")`],
        });
      },
    );

    it('defaults to non-negative safe integers', () => {
      expect(readWith({ N: '0' }, (read) => read.int('N', 5))).toEqual({ value: 0, problems: [] });
      expect(readWith({ N: '-1' }, (read) => read.int('N', 5))).toEqual({
        value: 5,
        problems: [`N must be an integer between 0 and ${Number.MAX_SAFE_INTEGER} (got "-1")`],
      });
    });
  });

  describe('bool', () => {
    it.each(['true', '1', 'yes', 'TRUE', ' Yes '])('reads %j as true', (raw) => {
      expect(readWith({ FLAG: raw }, (read) => read.bool('FLAG', false))).toEqual({
        value: true,
        problems: [],
      });
    });

    it.each(['false', '0', 'no', 'False', ' NO '])('reads %j as false', (raw) => {
      expect(readWith({ FLAG: raw }, (read) => read.bool('FLAG', true))).toEqual({
        value: false,
        problems: [],
      });
    });

    it.each<[Env, boolean]>([
      [{}, true],
      [{}, false],
      [{ FLAG: ' ' }, true],
    ])('falls back when unset or blank (%j → %s)', (env, fallback) => {
      expect(readWith(env, (read) => read.bool('FLAG', fallback))).toEqual({ value: fallback, problems: [] });
    });

    it.each(['maybe', 'on', '2'])('reports %j and falls back', (raw) => {
      expect(readWith({ FLAG: raw }, (read) => read.bool('FLAG', true))).toEqual({
        value: true,
        problems: [`FLAG must be true or false (got "${raw}")`],
      });
    });
  });

  describe('url', () => {
    const PG = ['postgres:', 'postgresql:'];

    it('falls back when unset', () => {
      expect(readWith({}, (read) => read.url('DB', 'postgres://localhost/lethe', PG))).toEqual({
        value: 'postgres://localhost/lethe',
        problems: [],
      });
    });

    it.each(['postgres://u:p@db:5432/lethe', 'postgresql://db/lethe'])('accepts %s', (url) => {
      expect(
        readWith({ DB: ` ${url} ` }, (read) => read.url('DB', 'postgres://localhost/lethe', PG)),
      ).toEqual({
        value: url,
        problems: [],
      });
    });

    it('reports a protocol that is not allowed', () => {
      expect(
        readWith({ DB: 'mysql://db/lethe' }, (read) => read.url('DB', 'postgres://x/y', PG)).problems,
      ).toEqual(['DB must use postgres: or postgresql: (got mysql:)']);
    });

    it('reports an invalid URL without echoing it, as URLs often carry passwords', () => {
      const { problems } = readWith({ DB: 'not a url with s3cr3t' }, (read) =>
        read.url('DB', 'postgres://x/y', PG),
      );
      expect(problems).toEqual(['DB is not a valid URL']);
      expect(problems.join()).not.toContain('s3cr3t');
    });

    it('checks the fallback too', () => {
      expect(readWith({}, (read) => read.url('DB', 'http://x', PG)).problems).toEqual([
        'DB must use postgres: or postgresql: (got http:)',
      ]);
    });
  });

  describe('list', () => {
    it.each<[string, Env, string[]]>([
      ['splits the fallback', {}, ['a:1', 'b:2']],
      [
        'splits and trims the value, dropping empty items',
        { BROKERS: ' x:1 , y:2,, z:3 ,' },
        ['x:1', 'y:2', 'z:3'],
      ],
      ['reads a single value', { BROKERS: 'x:1' }, ['x:1']],
    ])('%s', (_case, env, expected) => {
      expect(readWith(env, (read) => read.list('BROKERS', 'a:1,b:2'))).toEqual({
        value: expected,
        problems: [],
      });
    });

    it.each<[string, Env, string]>([
      ['only separators', { BROKERS: ' , ,' }, 'a:1'],
      ['an empty fallback', {}, ''],
    ])('reports a list without items (%s)', (_case, env, fallback) => {
      expect(readWith(env, (read) => read.list('BROKERS', fallback))).toEqual({
        value: [],
        problems: ['BROKERS must list at least one value'],
      });
    });
  });

  describe('oneOf', () => {
    const LEVELS = ['error', 'warn', 'log'] as const;

    it('falls back when unset and accepts an allowed value', () => {
      expect(readWith({}, (read) => read.oneOf('LEVEL', 'log', LEVELS))).toEqual({
        value: 'log',
        problems: [],
      });
      expect(readWith({ LEVEL: ' warn ' }, (read) => read.oneOf('LEVEL', 'log', LEVELS))).toEqual({
        value: 'warn',
        problems: [],
      });
    });

    it.each(['verbose', 'WARN'])('reports %j', (raw) => {
      expect(readWith({ LEVEL: raw }, (read) => read.oneOf('LEVEL', 'log', LEVELS)).problems).toEqual([
        'LEVEL must be one of error, warn, log',
      ]);
    });
  });

  describe('assertValid', () => {
    it('passes when nothing is wrong', () => {
      const read = new EnvReader({ NAME: 'x' });
      read.string('NAME');
      expect(() => read.assertValid('app')).not.toThrow();
    });

    it('reports every problem at once, in the order found, naming each variable', () => {
      const read = new EnvReader({ PORT: 'eighty', FLAG: 'maybe', DB: 'mysql://db', LEVEL: 'loud' });
      read.string('NAME');
      read.int('PORT', 3000);
      read.bool('FLAG', false);
      read.url('DB', 'postgres://x', ['postgres:']);
      read.list('LIST', '');
      read.oneOf('LEVEL', 'log', ['log']);
      read.secret('KEY', 8);
      read.matching('PREFIX', 'a b', /^\S*$/);
      read.string('FINE', 'ok');
      expect(() => read.assertValid('app')).toThrow(
        new ConfigError(
          [
            'Invalid app configuration:',
            '  - NAME is required',
            `  - PORT must be an integer between 0 and ${Number.MAX_SAFE_INTEGER} (got "eighty")`,
            '  - FLAG must be true or false (got "maybe")',
            '  - DB must use postgres: (got mysql:)',
            '  - LIST must list at least one value',
            '  - LEVEL must be one of log',
            '  - KEY is required',
            '  - PREFIX must match ^\\S*$',
          ].join('\n'),
        ),
      );
    });
  });
});

describe(ConfigError.name, () => {
  it('is an Error named ConfigError', () => {
    const error = new ConfigError('bad');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConfigError');
    expect(error.message).toBe('bad');
  });
});
