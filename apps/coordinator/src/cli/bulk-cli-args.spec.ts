import { parseBulkSubmitArgs } from './bulk-cli-args';

const env = { apiUrl: null, apiKey: 'key-from-env' };

describe(parseBulkSubmitArgs.name, () => {
  it('takes defaults from the environment and the file extension', () => {
    expect(parseBulkSubmitArgs(['bulk', 'submit', 'list.csv'], env)).toEqual({
      file: 'list.csv',
      api: 'http://127.0.0.1:3000',
      key: 'key-from-env',
      regulation: 'gdpr',
      dryRun: false,
      format: 'csv',
      wait: true,
    });
    expect(
      parseBulkSubmitArgs(['bulk', 'submit', 'x.ndjson'], { apiUrl: 'https://lethe.example/', apiKey: 'k' }),
    ).toMatchObject({
      api: 'https://lethe.example',
      format: 'ndjson',
    });
  });

  it('reads every option', () => {
    expect(
      parseBulkSubmitArgs(
        [
          'bulk',
          'submit',
          '--regulation',
          'ccpa',
          'drop.txt',
          '--dry-run',
          '--format',
          'csv',
          '--api',
          'http://c:1',
          '--key',
          'k2',
          '--no-wait',
        ],
        env,
      ),
    ).toEqual({
      file: 'drop.txt',
      api: 'http://c:1',
      key: 'k2',
      regulation: 'ccpa',
      dryRun: true,
      format: 'csv',
      wait: false,
    });
  });

  it.each([
    [['bulk', 'list'], 'unknown command'],
    [['bulk', 'submit'], 'FILE is missing'],
    [['bulk', 'submit', 'a', 'b'], 'only one FILE'],
    [['bulk', 'submit', 'a', '--regulation', 'hipaa'], '--regulation must be one of'],
    [['bulk', 'submit', 'a', '--format', 'xml'], '--format must be'],
    [['bulk', 'submit', 'a', '--key'], '--key needs a value'],
    [['bulk', 'submit', 'a', '--force'], 'unknown option --force'],
    [['bulk', 'submit', 'a', '--api', 'ftp://x'], '--api must be an http(s) URL'],
  ])('refuses %j', (argv, error) => {
    const parsed = parseBulkSubmitArgs(argv, env);
    expect('error' in parsed ? parsed.error : '').toContain(error);
  });

  it('needs a key from somewhere', () => {
    expect(parseBulkSubmitArgs(['bulk', 'submit', 'a'], { apiUrl: null, apiKey: null })).toEqual({
      error: 'an API key is needed: --key or LETHE_API_KEY',
    });
  });
});
