import { deleted, describeInvalidOutcome, notFound, retained } from './handler-outcome';
import { RetentionBasis } from './retention-basis';

describe('handler outcomes', () => {
  describe(deleted.name, () => {
    it('records how many records went', () => {
      expect(deleted(3)).toEqual({ kind: 'deleted', recordsAffected: 3 });
      expect(deleted(0)).toEqual({ kind: 'deleted', recordsAffected: 0 });
    });

    it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('rejects the count %p', (count) => {
      expect(() => deleted(count)).toThrow(RangeError);
    });
  });

  describe(notFound.name, () => {
    it('affects no records', () => {
      expect(notFound()).toEqual({ kind: 'not_found', recordsAffected: 0 });
    });
  });

  describe(retained.name, () => {
    it('carries the basis, an optional note and an optional count', () => {
      expect(retained(RetentionBasis.LegalObligation)).toEqual({
        kind: 'retained',
        basis: 'gdpr-art17-3b-legal-obligation',
        recordsAffected: 0,
      });
      expect(retained('tax-records-10y', 'orders anonymised', 4)).toEqual({
        kind: 'retained',
        basis: 'tax-records-10y',
        note: 'orders anonymised',
        recordsAffected: 4,
      });
      expect(retained('tax', undefined, 2)).not.toHaveProperty('note');
    });

    it.each<[string, Parameters<typeof retained>]>([
      ['an empty basis', ['']],
      ['a blank basis', ['  ']],
      ['a basis over 200 characters', ['x'.repeat(201)]],
      ['an empty note', ['tax', '']],
      ['a note over 2000 characters', ['tax', 'x'.repeat(2001)]],
      ['a negative count', ['tax', undefined, -1]],
    ])('rejects %s', (_label, args) => {
      expect(() => retained(...args)).toThrow(RangeError);
    });
  });

  describe(describeInvalidOutcome.name, () => {
    it.each([deleted(1), notFound(), retained('tax'), retained('tax', 'note', 2)])(
      'accepts %p',
      (outcome) => {
        expect(describeInvalidOutcome(outcome)).toBeUndefined();
      },
    );

    it.each([
      ['undefined (a handler that forgot to return)', undefined],
      ['null', null],
      ['a number', 3],
      ['an unknown kind', { kind: 'erased', recordsAffected: 1 }],
      ['a deleted outcome with a negative count', { kind: 'deleted', recordsAffected: -1 }],
      ['a deleted outcome with no count', { kind: 'deleted' }],
      ['a not_found outcome with records', { kind: 'not_found', recordsAffected: 2 }],
      ['a retained outcome with no basis', { kind: 'retained', recordsAffected: 0 }],
      [
        'a retained outcome with an empty note',
        { kind: 'retained', basis: 'x', note: '', recordsAffected: 0 },
      ],
      ['a retained outcome with a string count', { kind: 'retained', basis: 'x', recordsAffected: '1' }],
    ])('describes %s as invalid', (_label, value) => {
      expect(describeInvalidOutcome(value)).toEqual(expect.any(String));
    });
  });

  it('offers the five GDPR Art. 17(3) grounds as distinct bases', () => {
    expect(new Set(Object.values(RetentionBasis)).size).toBe(5);
  });
});
