import {
  bulkFormatOf,
  bulkRecords,
  BulkRecord,
  csvRecords,
  decodeUtf8,
  ndjsonRecords,
} from './bulk-record-reader';

async function* chunks(...parts: string[]): AsyncGenerator<string> {
  for (const part of parts) yield part;
}

async function collect(records: AsyncIterable<BulkRecord>): Promise<BulkRecord[]> {
  const all: BulkRecord[] = [];
  for await (const record of records) all.push(record);
  return all;
}

describe('ndjsonRecords', () => {
  it('numbers lines, skips blank ones and joins lines split across chunks', async () => {
    await expect(
      collect(ndjsonRecords(chunks('{"a":1}\n\n{"b"', ':2}\r\n  \n{"c":3}'), 100)),
    ).resolves.toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 3, text: '{"b":2}' },
      { line: 5, text: '{"c":3}' },
    ]);
  });

  it('reports a line that is too long and carries on with the next', async () => {
    const long = 'x'.repeat(50);
    await expect(
      collect(ndjsonRecords(chunks(`${long.slice(0, 20)}`, `${long.slice(20)}\n{}\n`), 10)),
    ).resolves.toEqual([
      { line: 1, error: 'line is longer than 10 characters' },
      { line: 2, text: '{}' },
    ]);
  });

  it('reads nothing from an empty body', async () => {
    await expect(collect(ndjsonRecords(chunks(''), 10))).resolves.toEqual([]);
  });
});

describe('csvRecords', () => {
  const csv = (text: string, max = 1000) => collect(csvRecords(chunks(...text.split('|')), max));

  it('splits fields and records, LF or CRLF, with or without a final newline', async () => {
    await expect(csv('email,externalId\r\na@x.org,T-1\nb@x.org,')).resolves.toEqual([
      { line: 1, fields: ['email', 'externalId'] },
      { line: 2, fields: ['a@x.org', 'T-1'] },
      { line: 3, fields: ['b@x.org', ''] },
    ]);
  });

  it('keeps commas, doubled quotes and newlines inside quoted fields, across chunks', async () => {
    await expect(csv('"a,b","say ""hi""","two|\nlines"\nnext,row,x\n')).resolves.toEqual([
      { line: 1, fields: ['a,b', 'say "hi"', 'two\nlines'] },
      { line: 3, fields: ['next', 'row', 'x'] },
    ]);
  });

  it('skips blank lines', async () => {
    await expect(csv('a\n\n\r\nb\n')).resolves.toEqual([
      { line: 1, fields: ['a'] },
      { line: 4, fields: ['b'] },
    ]);
  });

  it.each([
    ['a"b,c\nok\n', 'a quote inside an unquoted field'],
    ['"a"b,c\nok\n', 'text after a closing quote'],
  ])('reports a malformed record (%j) and resumes at the next', async (text, reason) => {
    await expect(csv(text)).resolves.toEqual([
      { line: 1, error: reason },
      { line: 2, fields: ['ok'] },
    ]);
  });

  it('reports an unterminated quote at the end', async () => {
    await expect(csv('ok\n"open,field')).resolves.toEqual([
      { line: 1, fields: ['ok'] },
      { line: 2, error: 'a quoted field is not closed' },
    ]);
  });

  it('reports a record longer than the limit without keeping it', async () => {
    await expect(csv(`${'y'.repeat(30)}\nok\n`, 10)).resolves.toEqual([
      { line: 1, error: 'record is longer than 10 characters' },
      { line: 2, fields: ['ok'] },
    ]);
  });
});

describe('decodeUtf8 and bulkRecords', () => {
  it('keeps a character split between chunks whole and drops a byte-order mark', async () => {
    const bytes = Buffer.from('\ufeffname\nJosé\n', 'utf8');
    const split = bytes.indexOf(0xc3) + 1; // between the two bytes of é
    async function* source() {
      yield bytes.subarray(0, split);
      yield bytes.subarray(split);
    }
    const text: string[] = [];
    for await (const part of decodeUtf8(source())) text.push(part);
    expect(text.join('')).toBe('name\nJosé\n');
    await expect(collect(bulkRecords('csv', source(), 100))).resolves.toEqual([
      { line: 1, fields: ['name'] },
      { line: 2, fields: ['José'] },
    ]);
  });

  it('reads either format from bytes', async () => {
    async function* source() {
      yield Buffer.from('email\na@x.org\n');
    }
    await expect(collect(bulkRecords('csv', source(), 100))).resolves.toEqual([
      { line: 1, fields: ['email'] },
      { line: 2, fields: ['a@x.org'] },
    ]);
  });
});

describe('bulkFormatOf', () => {
  it.each([
    ['application/x-ndjson', 'ndjson'],
    ['application/ndjson; charset=utf-8', 'ndjson'],
    ['text/csv', 'csv'],
    ['Text/CSV; charset=UTF-8', 'csv'],
  ])('%s is %s', (type, format) => {
    expect(bulkFormatOf(type)).toBe(format);
  });

  it.each([[undefined], ['application/json'], ['text/csv; charset=latin1'], ['text/plain'], ['constructor']])(
    'refuses %p',
    (type) => {
      expect(bulkFormatOf(type)).toBeUndefined();
    },
  );

  it('refuses a compressed body', () => {
    expect(bulkFormatOf('text/csv', 'gzip')).toBeUndefined();
    expect(bulkFormatOf('text/csv', 'identity')).toBe('csv');
  });
});
