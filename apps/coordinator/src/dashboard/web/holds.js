// @ts-check
/**
 * Legal holds (admins only, like GET /v1/legal-holds): each hold's basis, reason, who placed it and when, when it
 * ends or was released. A hold names nobody: it keeps keyed hashes only, and this page shows none of them.
 */
import { h, replaceChildren } from './dom.js';
import { formatDate, formatDateTime } from './format.js';
import { emptyState, errorNotice, pageHeader } from './ui.js';

/** @typedef {import('./app.js').Context} Context */
/** @typedef {import('./app.js').View} View */
/**
 * @typedef {{id: string, basis: string, reason: string, active: boolean, placedAt: string, placedBy: string,
 *   endsAt: string | null, releasedAt: string | null, releasedBy: string | null,
 *   releaseReason: string | null}} LegalHold
 */

const COLUMNS = ['Basis', 'Reason', 'Placed', 'Ends', 'Released', 'State'];
const BASIS_LABELS = /** @type {Record<string, string>} */ ({
  litigation: 'Litigation',
  subpoena: 'Subpoena',
  regulatory_investigation: 'Regulatory investigation',
  fraud: 'Fraud',
});

/** Only admins see the page (and its link); the API refuses everyone else anyway. @param {Context} context */
export function canSeeHolds(context) {
  return context.role === 'admin';
}

/**
 * @param {Context} context
 * @returns {View}
 */
export function holdsView(context) {
  const root = h('div', {}, pageHeader('Legal holds', 'Loading…'));
  let includeReleased = false;

  async function load() {
    try {
      const query = includeReleased ? '?includeReleased=true' : '';
      const body = /** @type {{items: LegalHold[]}} */ (await context.api.get(`/v1/legal-holds${query}`));
      render(body.items);
    } catch (error) {
      replaceChildren(root, pageHeader('Legal holds'), errorNotice(error));
    }
  }

  /** @param {LegalHold[]} holds */
  function render(holds) {
    const toggle = h('input', {
      type: 'checkbox',
      id: 'holds-include-released',
      checked: includeReleased,
      onchange: (/** @type {Event} */ event) => {
        includeReleased = /** @type {HTMLInputElement} */ (event.target).checked;
        void load();
      },
    });
    replaceChildren(
      root,
      pageHeader(
        'Legal holds',
        'Subjects whose erasure is held back by law; requests for them are answered as retained until release',
        h('label', { class: 'toggle' }, toggle, ' Show released holds'),
      ),
      h(
        'section',
        { class: 'card', 'aria-label': 'Legal holds' },
        holds.length === 0
          ? emptyState(
              includeReleased ? 'No legal holds' : 'No active legal holds',
              'An admin places a hold with POST /v1/legal-holds.',
            )
          : h(
              'div',
              { class: 'table-wrap' },
              h(
                'table',
                { class: 'responsive', id: 'holds-table' },
                h('caption', { class: 'sr-only' }, 'Legal holds'),
                h(
                  'thead',
                  {},
                  h(
                    'tr',
                    {},
                    COLUMNS.map((title) => h('th', { scope: 'col' }, title)),
                  ),
                ),
                h('tbody', {}, holds.map(row)),
              ),
            ),
      ),
    );
  }

  /** @param {LegalHold} hold */
  function row(hold) {
    return h(
      'tr',
      { 'data-hold': hold.id },
      h('td', { 'data-label': 'Basis' }, h('strong', {}, BASIS_LABELS[hold.basis] ?? hold.basis)),
      h('td', { 'data-label': 'Reason' }, hold.reason),
      h(
        'td',
        { 'data-label': 'Placed', class: 'nowrap' },
        h('span', { title: formatDateTime(hold.placedAt) }, formatDate(hold.placedAt)),
        h('span', { class: 'muted' }, ` by ${hold.placedBy}`),
      ),
      h(
        'td',
        { 'data-label': 'Ends', class: 'nowrap' },
        hold.endsAt
          ? h('span', { title: formatDateTime(hold.endsAt) }, formatDate(hold.endsAt))
          : 'until released',
      ),
      h(
        'td',
        { 'data-label': 'Released', class: 'nowrap' },
        hold.releasedAt
          ? [
              h('span', { title: formatDateTime(hold.releasedAt) }, formatDate(hold.releasedAt)),
              h(
                'span',
                { class: 'muted' },
                hold.releaseReason === 'expired'
                  ? ' (end date passed)'
                  : ` by ${hold.releasedBy ?? 'unknown'}`,
              ),
            ]
          : '—',
      ),
      h(
        'td',
        { 'data-label': 'State' },
        h(
          'span',
          { class: `badge ${hold.active ? 'status-in_progress' : 'status-completed'}` },
          hold.active ? 'Active' : 'Ended',
        ),
      ),
    );
  }

  return { element: root, load, onResync: load };
}
