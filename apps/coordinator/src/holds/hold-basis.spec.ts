import { governingHold, HOLD_BASES, holdCitation, isHoldActive } from './hold-basis';
import { REGULATIONS } from '../deadlines/deadline-policy';

const NOW = new Date('2027-03-01T12:00:00.000Z');
const at = (iso: string) => new Date(iso);

describe('hold-basis', () => {
  describe(holdCitation.name, () => {
    it.each([
      ['litigation', 'gdpr', 'GDPR Art. 17(3)(e)'],
      ['litigation', 'ccpa', 'CCPA §1798.145(a)(1)(E)'],
      ['subpoena', 'gdpr', 'GDPR Art. 17(3)(b)'],
      ['subpoena', 'ccpa', 'CCPA §1798.145(a)(1)(A)'],
      ['regulatory_investigation', 'gdpr', 'GDPR Art. 17(3)(b)'],
      ['regulatory_investigation', 'ccpa', 'CCPA §1798.145(a)(1)(B)'],
      ['fraud', 'gdpr', 'GDPR Art. 17(3)(e)'],
      ['fraud', 'ccpa', 'CCPA §1798.105(d)(2)'],
    ] as const)('%s under %s cites %s', (basis, regulation, provision) => {
      expect(holdCitation(basis, regulation).startsWith(`${provision}:`)).toBe(true);
    });

    it('cites a provision of the request’s own law for every basis', () => {
      for (const basis of HOLD_BASES) {
        for (const regulation of REGULATIONS) {
          expect(holdCitation(basis, regulation)).toMatch(
            regulation === 'gdpr' ? /^GDPR Art\. 17\(3\)/ : /^CCPA §1798\./,
          );
        }
      }
    });
  });

  describe(isHoldActive.name, () => {
    it.each([
      [null, null, true],
      [null, '2027-03-01T12:00:00.001Z', true],
      [null, '2027-03-01T12:00:00.000Z', false], // lapses at its end date exactly
      [null, '2027-02-01T00:00:00.000Z', false],
      ['2027-02-01T00:00:00.000Z', null, false],
      ['2027-02-01T00:00:00.000Z', '2028-01-01T00:00:00.000Z', false],
    ])('released %s, ends %s → %s', (releasedAt, endsAt, active) => {
      expect(
        isHoldActive(
          { releasedAt: releasedAt ? at(releasedAt) : null, endsAt: endsAt ? at(endsAt) : null },
          NOW,
        ),
      ).toBe(active);
    });
  });

  describe(governingHold.name, () => {
    const hold = (id: string, placedAt: string, endsAt: string | null) => ({
      id,
      placedAt: at(placedAt),
      endsAt: endsAt ? at(endsAt) : null,
    });

    it('is undefined without holds', () => {
      expect(governingHold([])).toBeUndefined();
    });

    it('prefers the hold that ends last, an open-ended one over any dated one', () => {
      const dated = hold('a', '2027-01-01T00:00:00Z', '2030-01-01T00:00:00Z');
      const later = hold('b', '2027-01-02T00:00:00Z', '2031-01-01T00:00:00Z');
      const open = hold('c', '2027-01-03T00:00:00Z', null);
      expect(governingHold([dated, later])?.id).toBe('b');
      expect(governingHold([dated, open, later])?.id).toBe('c');
    });

    it('breaks ties by the earliest placed, then by id, whatever the input order', () => {
      const first = hold('b', '2027-01-01T00:00:00Z', null);
      const second = hold('a', '2027-01-02T00:00:00Z', null);
      const twin = hold('a', '2027-01-01T00:00:00Z', null);
      expect(governingHold([second, first])?.id).toBe('b');
      expect(governingHold([first, twin])?.id).toBe('a');
      expect(governingHold([twin, first])?.id).toBe('a');
    });
  });
});
