import { decideAnnouncement, displayState, RegistryRecord } from './registry-rules';

const record = (overrides: Partial<RegistryRecord> = {}): RegistryRecord => ({
  name: 'billing',
  state: 'active',
  registration: 'sdk',
  identityTypes: ['email', 'user_id'],
  dataCategories: ['invoices'],
  ...overrides,
});

const SAME = { identityTypes: ['email', 'user_id'], dataCategories: ['invoices'] };

describe('registry-rules', () => {
  describe(decideAnnouncement.name, () => {
    it('treats an unchanged announcement of an active SDK service as a heartbeat', () => {
      expect(decideAnnouncement(record(), SAME)).toEqual({ kind: 'heartbeat' });
    });

    it('ignores the order and repetition of capabilities', () => {
      expect(
        decideAnnouncement(record(), {
          identityTypes: ['user_id', 'email', 'email'],
          dataCategories: ['invoices'],
        }),
      ).toEqual({ kind: 'heartbeat' });
    });

    it('records changed identity types and data categories, with both sides', () => {
      expect(
        decideAnnouncement(record(), {
          identityTypes: ['email', 'phone'],
          dataCategories: ['invoices', 'tax'],
        }),
      ).toEqual({
        kind: 'update',
        changes: {
          identityTypes: { from: ['email', 'user_id'], to: ['email', 'phone'] },
          dataCategories: { from: ['invoices'], to: ['invoices', 'tax'] },
        },
      });
    });

    it('turns a manual service that starts announcing into an SDK service', () => {
      expect(decideAnnouncement(record({ registration: 'manual' }), SAME)).toEqual({
        kind: 'update',
        changes: { registration: { from: 'manual', to: 'sdk' } },
      });
    });

    it.each(['sdk', 'manual'] as const)(
      'never re-activates or changes a retired %s service, whatever it announces',
      (registration) => {
        const retired = record({ state: 'retired', registration });
        expect(decideAnnouncement(retired, SAME)).toEqual({ kind: 'retired' });
        expect(decideAnnouncement(retired, { identityTypes: ['phone'], dataCategories: [] })).toEqual({
          kind: 'retired',
        });
      },
    );
  });

  describe(displayState.name, () => {
    const now = new Date('2027-01-15T09:30:00.000Z');
    const ago = (ms: number) => new Date(now.getTime() - ms);

    it.each<[string, string, Partial<RegistryRecord>, number]>([
      ['an SDK service heard from within the window', 'active', {}, 60_000],
      ['an SDK service quiet for longer than the window', 'stale', {}, 60_001],
      [
        'a manual service, however long ago it was registered',
        'active',
        { registration: 'manual' },
        10 ** 10,
      ],
      ['a retired SDK service that still heartbeats', 'retired', { state: 'retired' }, 0],
      ['a retired manual service', 'retired', { state: 'retired', registration: 'manual' }, 10 ** 10],
    ])('shows %s as %s', (_case, expected, overrides, quietForMs) => {
      expect(displayState(record(overrides), ago(quietForMs), now, 60_000)).toBe(expected);
    });
  });
});
