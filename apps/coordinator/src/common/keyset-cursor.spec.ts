import { decodeCursor, encodeCursor, KeysetCursor } from './keyset-cursor';

const ID = '0b6f6a1e-2f5c-4c1e-9a43-1c2d3e4f5a6b';
const AT = '2027-02-15T09:30:12.345Z';

/** Builds cursor text the way a client could, from any JSON value. */
const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const cursorOf = (at: string, id: string): KeysetCursor => ({ at: new Date(at), id });

describe('keyset-cursor', () => {
  describe(encodeCursor.name, () => {
    it.each([
      [AT, ID],
      ['1970-01-01T00:00:00.000Z', '00000000-0000-0000-0000-000000000000'],
      ['2099-12-31T23:59:59.999Z', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
      ['2028-02-29T00:00:00.001Z', 'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D'],
    ])('round-trips %s and %s through decodeCursor', (at, id) => {
      const decoded = decodeCursor(encodeCursor(cursorOf(at, id)));
      expect(decoded?.at).toBeInstanceOf(Date);
      expect(decoded?.at.toISOString()).toBe(at);
      expect(decoded?.id).toBe(id);
    });

    it('keeps millisecond precision, which the keyset comparison depends on', () => {
      const a = encodeCursor(cursorOf('2027-02-15T09:30:12.345Z', ID));
      const b = encodeCursor(cursorOf('2027-02-15T09:30:12.346Z', ID));
      expect(a).not.toBe(b);
      expect(decodeCursor(b)?.at.getTime()).toBe(Date.parse('2027-02-15T09:30:12.346Z'));
    });

    it('is deterministic', () => {
      expect(encodeCursor(cursorOf(AT, ID))).toBe(encodeCursor(cursorOf(AT, ID)));
    });

    it('differs whenever the date or the id differs', () => {
      const cursors = new Set([
        encodeCursor(cursorOf(AT, ID)),
        encodeCursor(cursorOf('2027-02-15T09:30:12.344Z', ID)),
        encodeCursor(cursorOf(AT, '0b6f6a1e-2f5c-4c1e-9a43-1c2d3e4f5a6c')),
      ]);
      expect(cursors.size).toBe(3);
    });

    it('produces an opaque, url-safe string', () => {
      const cursor = encodeCursor(cursorOf(AT, ID));
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(encodeURIComponent(cursor)).toBe(cursor);
      expect(cursor).not.toContain(ID);
      expect(cursor).not.toContain('2027');
    });
  });

  describe(decodeCursor.name, () => {
    it('reads the format the helper in this spec forges, so the refusals below test the content', () => {
      expect(forge([AT, ID])).toBe(encodeCursor(cursorOf(AT, ID)));
      expect(decodeCursor(forge([AT, ID]))).toEqual(cursorOf(AT, ID));
    });

    it.each([
      ['the empty string', ''],
      ['plain text', 'not a cursor'],
      ['characters outside base64url', '!!!!%%%%'],
      ['base64url of non-JSON text', Buffer.from('hello, world').toString('base64url')],
      ['base64url of truncated JSON', Buffer.from(`["${AT}","${ID}"`).toString('base64url')],
      ['a truncated cursor', encodeCursor(cursorOf(AT, ID)).slice(0, -6)],
    ])('refuses garbage: %s', (_case, text) => {
      expect(decodeCursor(text)).toBeUndefined();
    });

    it.each<[string, unknown]>([
      ['null', null],
      ['a number', 42],
      ['a string', AT],
      ['an object with the right fields', { at: AT, id: ID }],
      ['an empty array', []],
      ['a date alone', [AT]],
      ['an extra element', [AT, ID, 'extra']],
      ['the pair swapped', [ID, AT]],
      ['a numeric timestamp', [Date.parse(AT), ID]],
      ['a numeric id', [AT, 42]],
      ['nulls', [null, null]],
      ['nested arrays', [[AT], [ID]]],
    ])('refuses base64url JSON of the wrong shape: %s', (_case, value) => {
      expect(decodeCursor(forge(value))).toBeUndefined();
    });

    it.each([
      ['not a uuid', 'not-a-uuid'],
      ['an empty id', ''],
      ['a uuid without dashes', '0b6f6a1e2f5c4c1e9a431c2d3e4f5a6b'],
      ['a uuid one character short', '0b6f6a1e-2f5c-4c1e-9a43-1c2d3e4f5a6'],
      ['a uuid one character long', '0b6f6a1e-2f5c-4c1e-9a43-1c2d3e4f5a6b0'],
      ['a non-hex digit', '0b6f6a1e-2f5c-4c1e-9a43-1c2d3e4f5a6g'],
      ['surrounding spaces', ` ${ID} `],
      ['an appended SQL fragment', `${ID}' OR '1'='1`],
    ])('refuses a bad id: %s', (_case, id) => {
      expect(decodeCursor(forge([AT, id]))).toBeUndefined();
    });

    it.each([
      ['not a date', 'yesterday'],
      ['an empty date', ''],
      ['month 13', '2027-13-01T00:00:00.000Z'],
      ['hour 25', '2027-01-01T25:00:00.000Z'],
      ['30 February, which Date rolls over to 2 March', '2027-02-30T00:00:00.000Z'],
      ['29 February in a common year', '2027-02-29T00:00:00.000Z'],
      ['"0", which Date reads as the year 2000', '0'],
      ['a date in host-local time', 'March 7, 2027'],
      ['a date without a time', '2027-02-15'],
      ['a date with an offset instead of Z', '2027-02-15T10:30:12.345+01:00'],
      ['a date without milliseconds', '2027-02-15T09:30:12Z'],
    ])('refuses a bad date: %s', (_case, at) => {
      expect(decodeCursor(forge([at, ID]))).toBeUndefined();
    });

    it.each([
      ['stray characters appended', (cursor: string) => `${cursor}!!`],
      ['a space inside', (cursor: string) => `${cursor.slice(0, 8)} ${cursor.slice(8)}`],
      ['base64 padding appended', (cursor: string) => `${cursor}==`],
    ])('refuses a cursor that was altered in a way base64 decoding would ignore: %s', (_case, alter) => {
      const altered = alter(encodeCursor(cursorOf(AT, ID)));
      expect(Buffer.from(altered, 'base64url').toString('utf8')).toBe(JSON.stringify([AT, ID]));
      expect(decodeCursor(altered)).toBeUndefined();
    });
  });
});
