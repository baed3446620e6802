import { REQUEST_STATUSES, RequestStatus, isRequestTerminal } from '../requests/request-lifecycle';
import {
  isShreddableStatus,
  isShredDue,
  SHREDDABLE_STATUSES,
  SHREDDABLE_STATUSES_SQL,
  ShredCandidate,
  shredCutoff,
  shredDueAt,
  terminalAt,
} from './shred-policy';

const HOUR = 60 * 60_000;
const WINDOW = 7 * 24 * HOUR;
const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);

function candidate(overrides: Partial<ShredCandidate> = {}): ShredCandidate {
  return {
    status: 'completed',
    completedAt: T0,
    cancelledAt: null,
    updatedAt: at(5),
    identitiesShreddedAt: null,
    ...overrides,
  };
}

describe('shred policy', () => {
  describe(isShreddableStatus.name, () => {
    it.each(REQUEST_STATUSES.map((status) => [status]))(
      '%s is shreddable exactly when it is terminal',
      (status) => {
        expect(isShreddableStatus(status)).toBe(isRequestTerminal(status));
      },
    );

    it('lists completed and cancelled, and renders them for SQL', () => {
      expect([...SHREDDABLE_STATUSES]).toEqual(['completed', 'cancelled']);
      expect(SHREDDABLE_STATUSES_SQL).toBe(`('completed', 'cancelled')`);
    });
  });

  describe(terminalAt.name, () => {
    it('is completedAt for a completed request', () => {
      expect(terminalAt(candidate({ cancelledAt: at(HOUR) }))).toEqual(T0);
    });

    it('is cancelledAt for a cancelled request', () => {
      expect(
        terminalAt(candidate({ status: 'cancelled', completedAt: null, cancelledAt: at(HOUR) })),
      ).toEqual(at(HOUR));
    });

    it('falls back to updatedAt when a terminal request lacks its terminal time (never earlier than the real one)', () => {
      expect(terminalAt(candidate({ completedAt: null }))).toEqual(at(5));
      expect(terminalAt(candidate({ status: 'cancelled', completedAt: T0, cancelledAt: null }))).toEqual(
        at(5),
      );
    });

    it.each(['received', 'in_progress', 'needs_attention'] as RequestStatus[])(
      'is null for an open request (%s), whatever timestamps it carries',
      (status) => {
        expect(terminalAt(candidate({ status, completedAt: T0, cancelledAt: T0 }))).toBeNull();
      },
    );
  });

  describe(shredDueAt.name, () => {
    it('is the terminal time plus the window', () => {
      expect(shredDueAt(candidate(), WINDOW)).toEqual(at(WINDOW));
      expect(shredDueAt(candidate({ status: 'cancelled', cancelledAt: at(HOUR) }), WINDOW)).toEqual(
        at(HOUR + WINDOW),
      );
    });

    it('is the terminal time itself with a zero window', () => {
      expect(shredDueAt(candidate(), 0)).toEqual(T0);
    });

    it('is null while the request is open', () => {
      expect(shredDueAt(candidate({ status: 'in_progress', completedAt: null }), WINDOW)).toBeNull();
    });

    it('stays the same once shredded (it says when it was due)', () => {
      expect(shredDueAt(candidate({ identitiesShreddedAt: at(WINDOW + 1) }), WINDOW)).toEqual(at(WINDOW));
    });
  });

  describe(isShredDue.name, () => {
    it('is not due one millisecond before the window ends', () => {
      expect(isShredDue(candidate(), WINDOW, at(WINDOW - 1))).toBe(false);
    });

    it('is due exactly when the window ends, and after', () => {
      expect(isShredDue(candidate(), WINDOW, at(WINDOW))).toBe(true);
      expect(isShredDue(candidate(), WINDOW, at(WINDOW * 10))).toBe(true);
    });

    it('is due for a cancelled request too, counted from its cancellation', () => {
      const cancelled = candidate({ status: 'cancelled', completedAt: null, cancelledAt: at(HOUR) });
      expect(isShredDue(cancelled, WINDOW, at(WINDOW))).toBe(false);
      expect(isShredDue(cancelled, WINDOW, at(HOUR + WINDOW))).toBe(true);
    });

    it('is due at once with a zero window', () => {
      expect(isShredDue(candidate(), 0, T0)).toBe(true);
    });

    it.each(['received', 'in_progress', 'needs_attention'] as RequestStatus[])(
      'is never due while %s, however old',
      (status) => {
        expect(isShredDue(candidate({ status, completedAt: null }), 0, at(WINDOW * 100))).toBe(false);
      },
    );

    it('is never due again once shredded', () => {
      expect(isShredDue(candidate({ identitiesShreddedAt: at(WINDOW) }), WINDOW, at(WINDOW * 2))).toBe(false);
    });

    it('does not count a terminal time in the future as due (clock skew between replicas)', () => {
      expect(isShredDue(candidate({ completedAt: at(HOUR) }), 0, T0)).toBe(false);
    });
  });

  describe(shredCutoff.name, () => {
    it('is now minus the window', () => {
      expect(shredCutoff(at(WINDOW), WINDOW)).toEqual(T0);
      expect(shredCutoff(T0, 0)).toEqual(T0);
    });

    it('agrees with isShredDue: due exactly when the terminal time is at or before the cutoff', () => {
      const now = at(WINDOW + HOUR);
      for (const offset of [-HOUR, -1, 0, 1, HOUR, 2 * HOUR]) {
        const request = candidate({ completedAt: at(offset) });
        const byCutoff = request.completedAt!.getTime() <= shredCutoff(now, WINDOW).getTime();
        expect(isShredDue(request, WINDOW, now)).toBe(byCutoff);
      }
    });
  });
});
