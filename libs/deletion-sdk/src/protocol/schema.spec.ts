import { array, bool, int, isoInstant, object, oneOf, str, validate } from './schema';

describe('schema', () => {
  describe(str.name, () => {
    it('accepts strings within the bounds', () => {
      expect(validate(str({ min: 2, max: 3 }), 'ab')).toEqual([]);
      expect(validate(str({ min: 2, max: 3 }), 'abc')).toEqual([]);
    });

    it('rejects empty strings by default', () => {
      expect(validate(str(), '')).toEqual([': must have at least 1 characters']);
    });

    it('rejects too long strings and non-strings, naming the type it got', () => {
      expect(validate(str({ max: 2 }), 'abc')).toEqual([': must have at most 2 characters']);
      expect(validate(str(), 5)).toEqual([': expected string, got number']);
      expect(validate(str(), null)).toEqual([': expected string, got null']);
      expect(validate(str(), ['a'])).toEqual([': expected string, got array']);
    });

    it('applies the pattern', () => {
      expect(validate(str({ pattern: /^a+$/ }), 'aaa')).toEqual([]);
      expect(validate(str({ pattern: /^a+$/ }), 'ab')).toEqual([': must match ^a+$']);
    });
  });

  describe(int.name, () => {
    it('accepts integers in range and rejects the rest', () => {
      const check = int({ min: 1, max: 3 });
      expect(validate(check, 1)).toEqual([]);
      expect(validate(check, 3)).toEqual([]);
      expect(validate(check, 0)).toEqual([': must be between 1 and 3']);
      expect(validate(check, 4)).toEqual([': must be between 1 and 3']);
      expect(validate(check, 1.5)).toEqual([': expected integer, got number']);
      expect(validate(check, Number.NaN)).toEqual([': expected integer, got number']);
      expect(validate(check, '2')).toEqual([': expected integer, got string']);
    });
  });

  describe('bool', () => {
    it('accepts only booleans', () => {
      expect(validate(bool, false)).toEqual([]);
      expect(validate(bool, 'true')).toEqual([': expected boolean, got string']);
      expect(validate(bool, 0)).toEqual([': expected boolean, got number']);
    });
  });

  describe('isoInstant', () => {
    it.each([
      '2025-03-01T10:00:00Z',
      '2025-03-01T10:00:00.123Z',
      '2025-03-01T10:00:00.123456789Z',
      '2025-03-01T10:00:00+02:00',
      '2025-03-01T10:00:00-05:30',
      '2024-02-29T00:00:00Z',
      '2000-02-29T23:59:59Z',
    ])('accepts %s', (value) => {
      expect(validate(isoInstant, value)).toEqual([]);
    });

    it.each([
      ['a date without time', '2025-03-01'],
      ['no offset', '2025-03-01T10:00:00'],
      ['a space separator', '2025-03-01 10:00:00Z'],
      ['month 13', '2025-13-01T00:00:00Z'],
      ['month 0', '2025-00-10T00:00:00Z'],
      ['day 0', '2025-03-00T00:00:00Z'],
      ['30 February (Date.parse rolls it to March)', '2024-02-30T00:00:00Z'],
      ['29 February in a common year', '2023-02-29T00:00:00Z'],
      ['29 February 1900 (not a leap year)', '1900-02-29T00:00:00Z'],
      ['31 April', '2025-04-31T00:00:00Z'],
      ['hour 24 (Date.parse rolls it to the next day)', '2025-03-01T24:00:00Z'],
      ['minute 60', '2025-03-01T10:60:00Z'],
      ['second 60', '2025-03-01T10:00:60Z'],
      ['offset hour 24', '2025-03-01T10:00:00+24:00'],
      ['offset minute 60', '2025-03-01T10:00:00+01:60'],
      ['ten fraction digits', '2025-03-01T10:00:00.1234567890Z'],
      ['trailing text', '2025-03-01T10:00:00Zjunk'],
      ['a number', 1740823200000],
      ['null', null],
    ])('rejects %s', (_label, value) => {
      expect(validate(isoInstant, value)).toEqual([': expected an ISO-8601 timestamp']);
    });
  });

  describe(oneOf.name, () => {
    it('accepts only listed values, compared strictly', () => {
      const check = oneOf([1, 'a']);
      expect(validate(check, 1)).toEqual([]);
      expect(validate(check, 'a')).toEqual([]);
      expect(validate(check, '1')).toEqual([': expected one of 1, a']);
    });
  });

  describe(array.name, () => {
    it('checks bounds and every item, with its index in the path', () => {
      const check = object({ list: array(int(), { min: 1, max: 2 }) });
      expect(validate(check, { list: [1] })).toEqual([]);
      expect(validate(check, { list: [] })).toEqual(['list: must have at least 1 item(s)']);
      expect(validate(check, { list: [1, 2, 3] })).toEqual(['list: must have at most 2 items']);
      expect(validate(check, { list: [1, 'x'] })).toEqual(['list[1]: expected integer, got string']);
      expect(validate(check, { list: 'x' })).toEqual(['list: expected array, got string']);
    });
  });

  describe(object.name, () => {
    const check = object({ a: int(), nested: object({ b: str() }), c: str() }, ['c']);

    it('accepts a complete object with or without optional keys', () => {
      expect(validate(check, { a: 1, nested: { b: 'x' } })).toEqual([]);
      expect(validate(check, { a: 1, nested: { b: 'x' }, c: 'y' })).toEqual([]);
    });

    it('treats an undefined optional key as absent', () => {
      expect(validate(check, { a: 1, nested: { b: 'x' }, c: undefined })).toEqual([]);
    });

    it('reports every missing required key and nested issue with its path', () => {
      expect(validate(check, { nested: {} })).toEqual(['a: is required', 'nested.b: is required']);
    });

    it('rejects unknown keys so typos surface', () => {
      expect(validate(check, { a: 1, nested: { b: 'x', bb: 1 }, d: 2 })).toEqual([
        'd: unknown field',
        'nested.bb: unknown field',
      ]);
    });

    it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])(
      'rejects the inherited name %s as an unknown field',
      (key) => {
        const value = JSON.parse(`{"a":1,"nested":{"b":"x"},"${key}":{}}`) as unknown;
        expect(validate(check, value)).toEqual([`${key}: unknown field`]);
      },
    );

    it('rejects non-objects', () => {
      expect(validate(check, null)).toEqual([': expected object, got null']);
      expect(validate(check, [])).toEqual([': expected object, got array']);
      expect(validate(check, 'x')).toEqual([': expected object, got string']);
    });
  });
});
