// @ts-check
/** Requests: filters, search, keyset paging, and rows that follow the live feed. */
import { announce, h, replaceChildren } from './dom.js';
import { statusLabel } from './format.js';
import { filterForm, filtersFrom, matches } from './request-filters.js';
import { requestRow } from './request-row.js';
import { emptyState, errorNotice, pageHeader, requestName } from './ui.js';

/** @typedef {import('./app.js').Context} Context */
/** @typedef {import('./app.js').View} View */
/** @typedef {import('./ui.js').RequestSummary} RequestSummary */

const COLUMNS = ['Request', 'Status', 'Regulation', 'Submitted', 'Due', 'Progress'];

/**
 * @param {Context} context
 * @param {URLSearchParams} params
 * @returns {View}
 */
export function requestsView(context, params) {
  let filters = filtersFrom(params);
  /** Cursors of the pages before the current one; the current page's own cursor is last. */
  /** @type {(string | null)[]} */
  let cursors = [null];
  /** @type {string | null} */
  let nextCursor = null;
  /** @type {Map<string, RequestSummary>} */
  const shown = new Map();

  const tbody = h('tbody', {});
  const tableArea = h('div', { class: 'table-wrap', 'aria-live': 'off' });
  const pageInfo = h('p', { class: 'muted', 'aria-live': 'polite' });
  const newer = h('button', { type: 'button', class: 'button', onclick: () => turn(-1) }, '← Newer');
  const older = h('button', { type: 'button', class: 'button', onclick: () => turn(1) }, 'Older →');
  let form = filterForm(context, filters);
  const root = h(
    'div',
    {},
    pageHeader(
      'Requests',
      'Newest first. Filter, search by request id or your external id, and open one for detail.',
    ),
    h(
      'section',
      { class: 'card', 'aria-label': 'Erasure requests' },
      form,
      tableArea,
      h('div', { class: 'pager' }, pageInfo, h('div', { class: 'pager-buttons' }, newer, older)),
    ),
  );

  async function load() {
    const query = new URLSearchParams({ limit: String(filters.limit) });
    if (filters.status) query.set('status', filters.status);
    if (filters.regulation) query.set('regulation', filters.regulation);
    if (filters.overdue) query.set('overdue', 'true');
    if (filters.q) query.set('q', filters.q);
    const cursor = cursors[cursors.length - 1];
    if (cursor) query.set('cursor', cursor);
    tableArea.setAttribute('aria-busy', 'true');
    try {
      const page = /** @type {{items: RequestSummary[], nextCursor: string | null}} */ (
        await context.api.get(`/v1/erasure-requests?${query}`)
      );
      nextCursor = page.nextCursor;
      renderRows(page.items);
    } catch (error) {
      nextCursor = null;
      replaceChildren(tableArea, errorNotice(error));
    } finally {
      tableArea.removeAttribute('aria-busy');
      updatePager();
    }
  }

  /** @param {RequestSummary[]} items */
  function renderRows(items) {
    shown.clear();
    const now = context.now();
    replaceChildren(
      tbody,
      items.map((item) => requestRow(context, item, now)),
    );
    for (const item of items) shown.set(item.id, item);
    if (items.length === 0) {
      const filtered = filters.q || filters.status || filters.regulation || filters.overdue;
      replaceChildren(
        tableArea,
        emptyState(
          filtered ? 'No request matches these filters' : 'No erasure requests yet',
          filtered
            ? 'Change or clear the filters above.'
            : 'Requests submitted through the API appear here as they arrive.',
        ),
      );
      return;
    }
    replaceChildren(
      tableArea,
      h(
        'table',
        { class: 'responsive' },
        h('caption', { class: 'sr-only' }, 'Erasure requests, newest first'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            COLUMNS.map((title) => h('th', { scope: 'col' }, title)),
          ),
        ),
        tbody,
      ),
    );
  }

  function updatePager() {
    const index = cursors.length;
    pageInfo.textContent = `Page ${index} · ${filters.limit} per page`;
    /** @type {HTMLButtonElement} */ (newer).disabled = index === 1;
    /** @type {HTMLButtonElement} */ (older).disabled = nextCursor === null;
  }

  /** @param {1 | -1} direction */
  function turn(direction) {
    if (direction === 1 && nextCursor) cursors.push(nextCursor);
    if (direction === -1 && cursors.length > 1) cursors.pop();
    void load().then(() => {
      // a pager button that just became disabled would drop the keyboard focus
      const focused = /** @type {HTMLButtonElement | null} */ (document.activeElement);
      if (focused === newer && focused.disabled) older.focus();
      if (focused === older && focused.disabled) newer.focus();
    });
  }

  return {
    element: root,
    load,
    onResync: load,
    /** Same page, new filters: keep the page (and focus), reload the rows. @param {URLSearchParams} next */
    update(next) {
      filters = filtersFrom(next);
      cursors = [null];
      const fresh = filterForm(context, filters);
      const focused = document.activeElement?.id;
      form.replaceWith(fresh);
      form = fresh;
      if (focused) document.getElementById(focused)?.focus();
      void load();
    },
    /** @param {RequestSummary} request */
    onRequestChange(request) {
      const existing = tbody.querySelector(`tr[data-request-id="${CSS.escape(request.id)}"]`);
      const now = context.now();
      if (existing) {
        const before = shown.get(request.id);
        const replacement = requestRow(context, request, now);
        replacement.classList.add('row-changed');
        existing.replaceWith(replacement);
        shown.set(request.id, request);
        if (before && before.status !== request.status) {
          announce(`${requestName(request)} is now ${statusLabel(request.status)}.`);
        }
        return;
      }
      // new requests appear on the first page only, and only when they belong there
      const firstPage = cursors.length === 1;
      const newest = tbody.querySelector('tr');
      const newestShown = newest ? shown.get(newest.getAttribute('data-request-id') ?? '') : undefined;
      if (!firstPage || !matches(request, filters)) return;
      if (newestShown && request.submittedAt < newestShown.submittedAt) return;
      const added = requestRow(context, request, now);
      added.classList.add('row-changed');
      if (shown.size === 0) {
        renderRows([request]);
      } else {
        tbody.prepend(added);
        shown.set(request.id, request);
      }
      announce(`New request ${requestName(request)}: ${statusLabel(request.status)}.`);
    },
  };
}
