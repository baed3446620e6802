/**
 * Splits a streamed bulk upload into numbered records without ever holding more than one record (plus one chunk)
 * in memory. Pure: it reads any async iterable of bytes or text, so it is tested without HTTP.
 */
export const BULK_FORMATS = ['ndjson', 'csv'] as const;
export type BulkFormat = (typeof BULK_FORMATS)[number];

/** One record: its first physical line (1-based), and its text (NDJSON) or fields (CSV), or why it is unreadable. */
export type BulkRecord =
  { line: number; text: string } | { line: number; fields: string[] } | { line: number; error: string };

export type ByteSource = AsyncIterable<Uint8Array | string>;

/** Decodes UTF-8 across chunk boundaries (a character split between chunks stays whole) and drops a leading BOM. */
export async function* decodeUtf8(source: ByteSource): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * One JSON document per line; blank lines are skipped. A line longer than `maxChars` is reported as an error
 * and skipped to its end, so one runaway line cannot exhaust memory.
 */
export async function* ndjsonRecords(
  chunks: AsyncIterable<string>,
  maxChars: number,
): AsyncGenerator<BulkRecord> {
  let line = 1;
  let current = '';
  let tooLong = false;
  const finish = (): BulkRecord | undefined => {
    const text = current.endsWith('\r') ? current.slice(0, -1) : current;
    const record: BulkRecord | undefined = tooLong
      ? { line, error: `line is longer than ${maxChars} characters` }
      : text.trim()
        ? { line, text }
        : undefined;
    current = '';
    tooLong = false;
    return record;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf('\n', start);
      const piece = chunk.slice(start, newline === -1 ? undefined : newline);
      if (!tooLong) {
        if (current.length + piece.length > maxChars + 1) tooLong = true;
        else current += piece;
      }
      if (newline === -1) break;
      const record = finish();
      if (record) yield record;
      line += 1;
      start = newline + 1;
    }
  }
  const last = finish();
  if (last) yield last;
}

type CsvState = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted' | 'afterError';

/**
 * RFC 4180 CSV: fields separated by commas, optionally in double quotes (a doubled quote inside is one quote, and
 * quoted fields may span lines), records ended by LF or CRLF. Blank lines are skipped. A malformed record (a
 * stray quote, text after a closing quote, an unterminated quote, a record longer than `maxChars`) is reported
 * as an error and parsing resumes at the next record.
 */
export async function* csvRecords(
  chunks: AsyncIterable<string>,
  maxChars: number,
): AsyncGenerator<BulkRecord> {
  let physicalLine = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = '';
  let size = 0;
  let state: CsvState = 'fieldStart';
  let error: string | undefined;
  // `fail` and `endRecord` change the state from closures, which TypeScript's narrowing does not see
  const stateNow = (): CsvState => state;

  const fail = (reason: string): void => {
    error ??= reason;
    state = 'afterError';
  };
  const endField = (): void => {
    fields.push(field.endsWith('\r') && state === 'unquoted' ? field.slice(0, -1) : field);
    field = '';
  };
  const endRecord = (): BulkRecord | undefined => {
    let record: BulkRecord | undefined;
    if (error) record = { line: recordLine, error };
    else if (fields.length > 1 || (fields.length === 1 && fields[0].trim() !== '')) {
      record = { line: recordLine, fields };
    }
    fields = [];
    field = '';
    size = 0;
    error = undefined;
    state = 'fieldStart';
    recordLine = physicalLine;
    return record;
  };

  for await (const chunk of chunks) {
    for (const char of chunk) {
      if (char === '\n') physicalLine += 1;
      if (stateNow() !== 'afterError' && ++size > maxChars)
        fail(`record is longer than ${maxChars} characters`);
      switch (stateNow()) {
        case 'afterError':
          // skip to the end of the record; a quoted newline cannot be told apart once the record is broken
          if (char === '\n') {
            const record = endRecord();
            if (record) yield record;
          }
          break;
        case 'quoted':
          if (char === '"') state = 'quoteInQuoted';
          else field += char;
          break;
        case 'quoteInQuoted':
          if (char === '"') {
            field += '"';
            state = 'quoted';
          } else if (char === ',') {
            endField();
            state = 'fieldStart';
          } else if (char === '\n') {
            endField();
            const record = endRecord();
            if (record) yield record;
          } else if (char !== '\r') {
            fail('text after a closing quote');
          }
          break;
        case 'fieldStart':
        case 'unquoted':
          if (char === '"' && state === 'fieldStart') state = 'quoted';
          else if (char === '"') fail('a quote inside an unquoted field');
          else if (char === ',') {
            state = 'unquoted';
            endField();
            state = 'fieldStart';
          } else if (char === '\n') {
            state = 'unquoted';
            endField();
            const record = endRecord();
            if (record) yield record;
          } else {
            field += char;
            state = 'unquoted';
          }
          break;
      }
    }
  }
  if (state === 'quoted') fail('a quoted field is not closed');
  if (stateNow() !== 'afterError' && (fields.length > 0 || field !== '')) {
    if (state === 'fieldStart' || state === 'unquoted') state = 'unquoted';
    endField();
  }
  const last = endRecord();
  if (last) yield last;
}

/** The records of an upload in either format. */
export function bulkRecords(
  format: BulkFormat,
  source: ByteSource,
  maxChars: number,
): AsyncGenerator<BulkRecord> {
  const text = decodeUtf8(source);
  return format === 'csv' ? csvRecords(text, maxChars) : ndjsonRecords(text, maxChars);
}

const MEDIA_TYPES: Record<string, BulkFormat> = {
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'text/csv': 'csv',
};

/**
 * The format a Content-Type names, or undefined for anything else (including a charset other than UTF-8, and
 * any Content-Encoding: a compressed upload could expand without bound).
 */
export function bulkFormatOf(
  contentType: string | undefined,
  contentEncoding?: string,
): BulkFormat | undefined {
  if (contentEncoding && contentEncoding.trim().toLowerCase() !== 'identity') return undefined;
  const [type, ...parameters] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length);
  if (charset !== undefined && !['utf-8', 'utf8', '"utf-8"'].includes(charset)) return undefined;
  return Object.hasOwn(MEDIA_TYPES, type) ? MEDIA_TYPES[type] : undefined;
}
