// The dashboard's browser modules are plain JavaScript, type-checked by their own tsconfig (see web/tsconfig.json);
// their pure formatting runs here as well.
// @ts-expect-error -- a JS module without declarations; its JSDoc types are checked by web/tsconfig.json
import * as format from './format.js';
// @ts-expect-error -- as above
import * as audit from './audit-format.js';
// @ts-expect-error -- as above
import * as catalog from './catalog.js';
import { dashboardMeta } from '../meta/dashboard-meta';

const DAY_MS = 24 * 60 * 60 * 1000;
const now = Date.parse('2027-03-10T12:00:00Z');

// the dashboard reads its vocabulary from GET /v1/meta after sign-in; here from the builder that endpoint answers with
beforeAll(() => catalog.useCatalog(JSON.parse(JSON.stringify(dashboardMeta()))));

describe('dashboard formatting', () => {
  describe('daysLeft', () => {
    it.each([
      ['2027-04-09T12:00:00Z', { days: 30, label: '30 days left', tone: 'normal' }],
      ['2027-03-17T12:00:00Z', { days: 7, label: '7 days left', tone: 'soon' }],
      ['2027-03-11T13:00:00Z', { days: 1, label: '1 day left', tone: 'soon' }],
      ['2027-03-10T20:00:00Z', { days: 0, label: 'due today', tone: 'soon' }],
      ['2027-03-10T11:00:00Z', { days: -1, label: '1 day overdue', tone: 'overdue' }],
      ['2027-03-07T11:00:00Z', { days: -3, label: '3 days overdue', tone: 'overdue' }],
    ])('due %s', (dueAt, expected) => {
      expect(format.daysLeft(dueAt, now)).toEqual(expected);
    });
  });

  describe('formatDuration', () => {
    it.each([
      [null, '—'],
      [420, '420 ms'],
      [4_200, '4.2 s'],
      [42_000, '42 s'],
      [4 * 60_000, '4 min'],
      [3 * 3_600_000, '3 h'],
      [3 * 3_600_000 + 20 * 60_000, '3 h 20 min'],
      [1.5 * DAY_MS, '1.5 days'],
      [12 * DAY_MS, '12 days'],
    ])('%p ms is %s', (ms, text) => {
      expect(format.formatDuration(ms)).toBe(text);
    });
  });

  it('says how long ago without false precision', () => {
    expect(format.formatAgo(new Date(now - 2000).toISOString(), now)).toBe('just now');
    expect(format.formatAgo(new Date(now - 4_500).toISOString(), now)).toBe('just now');
    expect(format.formatAgo(new Date(now - 7_000).toISOString(), now)).toBe('7 s ago');
    expect(format.formatAgo(new Date(now - 10 * 60_000).toISOString(), now)).toBe('10 min ago');
  });

  it.each([
    [null, '—'],
    [1, '100%'],
    [0, '0%'],
    [0.9642, '96.4%'],
  ])('shows the rate %p as %s', (rate, text) => {
    expect(format.formatPercent(rate)).toBe(text);
  });

  it.each([
    ['gdpr-art17-3b-legal-obligation', 'Art. 17(3)(b) legal obligation'],
    ['gdpr-art17-3e', 'Art. 17(3)(e)'],
    ['tax-law', 'tax law'],
  ])('names the retention basis %s as %s', (basis, label) => {
    expect(format.retentionLabel(basis)).toBe(label);
  });

  it('labels statuses and event types for people', () => {
    expect(format.statusLabel('needs_attention')).toBe('Needs attention');
    expect(format.statusLabel('something_new')).toBe('something_new');
    expect(format.eventLabel('request.needs_attention')).toBe('Request needs attention');
    expect(format.shortId('3f1c1f3e-8a43-4d1c-9a55-0d2e1c7b9a10')).toBe('3f1c1f3e');
  });
});

describe('audit events in plain language', () => {
  it.each([
    ['task.dispatched', { service: 'cart', attempt: 2, commandId: 'c' }, 'Command sent to cart (attempt 2)'],
    [
      'task.result',
      {
        service: 'orders',
        attempt: 1,
        outcome: 'retained',
        recordsAffected: 1,
        retention: { basis: 'gdpr-art17-3b-legal-obligation', note: 'tax' },
        error: null,
        resultId: 'r',
      },
      'orders: retained, 1 record — kept under Art. 17(3)(b) legal obligation',
    ],
    [
      'task.result',
      {
        service: 'marketing',
        outcome: 'failed',
        recordsAffected: 0,
        error: { code: 'INJECTED_FAILURE', retriable: false },
      },
      'marketing: failed, 0 records — INJECTED_FAILURE (permanent)',
    ],
    [
      'request.cancelled',
      { from: 'in_progress', tasksCancelled: ['marketing'], reason: 'identity could not be verified' },
      '“identity could not be verified” · stopped: marketing',
    ],
    ['request.cancelled', { from: 'received', tasksCancelled: [], reason: null }, 'No reason given'],
    ['request.retried', { from: 'needs_attention', services: ['marketing'] }, 'Operator retry of marketing'],
    ['request.completed', { from: 'in_progress' }, 'from in progress'],
    [
      'task.dispatch_refused',
      { service: 'cart', attempt: 3, commandId: 'c', code: 'IDENTITIES_SHREDDED' },
      'Command to cart not sent (attempt 3): IDENTITIES_SHREDDED',
    ],
    [
      'request.receipt_confirmed',
      { receiptConfirmationDueAt: null, late: false },
      'Receipt confirmed to the consumer',
    ],
    ['request.receipt_confirmed', { late: true }, 'Receipt confirmed to the consumer, late'],
  ])('%s', (type, data, text) => {
    expect(audit.describeEvent(type, data)).toBe(text);
  });

  it('says what shredding destroyed and what stays', () => {
    const terminalAt = '2026-03-01T10:00:00.000Z';
    expect(
      audit.describeEvent('request.identities_shredded', {
        status: 'completed',
        terminalAt,
        shredAfterMs: 604_800_000,
        destroyed: ['sealed_identities', 'wrapped_data_key'],
      }),
    ).toBe(
      `Encrypted identities and their key destroyed, completed ${format.formatDateTime(terminalAt)}; the keyed hashes stay`,
    );
  });

  it('falls back to the data itself for events it does not know', () => {
    expect(
      audit.describeEvent('service.updated', {
        service: 'crm',
        changes: ['identityTypes'],
        detail: { a: 1 },
      }),
    ).toBe('service: crm · changes: identityTypes · detail: a 1');
  });
});

describe('the vocabulary from GET /v1/meta', () => {
  it('labels request, task and service statuses as the coordinator names them', () => {
    expect(format.statusLabel('in_progress')).toBe('In progress');
    expect(format.statusLabel('not_found')).toBe('Not found');
    expect(format.statusLabel('stale')).toBe('Stale');
  });

  it('lists the request statuses in the order the pages show them, and knows which are open', () => {
    expect(catalog.requestStatuses()).toEqual([
      'received',
      'in_progress',
      'needs_attention',
      'completed',
      'cancelled',
    ]);
    expect(catalog.requestStatuses().filter(catalog.isOpenStatus)).toEqual([
      'received',
      'in_progress',
      'needs_attention',
    ]);
    expect(catalog.isOpenStatus('something_new')).toBe(false);
  });

  it('names each regulation, its law and its extension rule', () => {
    expect(format.regulationLabel('gdpr')).toBe('GDPR');
    expect(catalog.regulationInfo('ccpa')).toMatchObject({
      law: 'CCPA §1798.105',
      extension: { maxFurtherDays: 45, summary: 'CCPA allows one extension of up to 45 days.' },
    });
    expect(catalog.regulationInfo('gdpr').extension.summary).toBe(
      'GDPR allows one extension of up to two further months.',
    );
    expect(catalog.extensionDays()).toEqual({ min: 1, max: 92 });
  });
});
