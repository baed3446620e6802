// @ts-check
/** Requests: filters, search, keyset paging, and rows that follow the live feed. */
import { announce, h, replaceChildren } from './dom.js';
import { formatDate, statusLabel } from './format.js';
import {
  dueCell,
  emptyState,
  errorNotice,
  flagBadges,
  pageHeader,
  progressBar,
  regulationBadge,
  requestName,
  requestRef,
  statusBadge,
} from './ui.js';

/** @typedef {import('./app.js').Context} Context */
/** @typedef {import('./app.js').View} View */
/** @typedef {import('./ui.js').RequestSummary} RequestSummary */
/** @typedef {{status: string, regulation: string, overdue: boolean, q: string, limit: number}} Filters */

const STATUSES = ['received', 'in_progress', 'needs_attention', 'completed', 'cancelled'];
const PAGE_SIZES = [25, 50, 100];
const COLUMNS = ['Request', 'Status', 'Regulation', 'Submitted', 'Due', 'Progress'];

/** @param {URLSearchParams} params @returns {Filters} */
export function filtersFrom(params) {
  const limit = Number(params.get('limit'));
  return {
    status: STATUSES.includes(params.get('status') ?? '') ? /** @type {string} */ (params.get('status')) : '',
    regulation: ['gdpr', 'ccpa'].includes(params.get('regulation') ?? '')
      ? /** @type {string} */ (params.get('regulation'))
      : '',
    overdue: params.get('overdue') === 'true',
    q: (params.get('q') ?? '').trim(),
    limit: PAGE_SIZES.includes(limit) ? limit : 25,
  };
}

/** @param {Filters} filters */
function hashFor(filters) {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.status) params.set('status', filters.status);
  if (filters.regulation) params.set('regulation', filters.regulation);
  if (filters.overdue) params.set('overdue', 'true');
  if (filters.limit !== 25) params.set('limit', String(filters.limit));
  const query = params.toString();
  return `#/requests${query ? `?${query}` : ''}`;
}

/**
 * Whether a request belongs in the list as filtered, judged from its live summary.
 * @param {RequestSummary} request
 * @param {Filters} filters
 */
function matches(request, filters) {
  if (filters.status && request.status !== filters.status) return false;
  if (filters.regulation && request.regulation !== filters.regulation) return false;
  if (filters.overdue && !request.overdue) return false;
  if (filters.q && request.id !== filters.q && request.externalId !== filters.q) return false;
  return true;
}

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
  let filterForm = buildFilters();
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
      filterForm,
      tableArea,
      h('div', { class: 'pager' }, pageInfo, h('div', { class: 'pager-buttons' }, newer, older)),
    ),
  );

  function buildFilters() {
    const search = h('input', {
      id: 'filter-q',
      type: 'search',
      name: 'q',
      value: filters.q,
      placeholder: 'e.g. ticket-4711 or a request id',
      autocomplete: 'off',
      spellcheck: 'false',
    });
    const status = select(
      'filter-status',
      'status',
      [['', 'Any status'], ...STATUSES.map((s) => [s, statusLabel(s)])],
      filters.status,
    );
    const regulation = select(
      'filter-regulation',
      'regulation',
      [
        ['', 'Any regulation'],
        ['gdpr', 'GDPR'],
        ['ccpa', 'CCPA'],
      ],
      filters.regulation,
    );
    const overdue = h('input', {
      id: 'filter-overdue',
      type: 'checkbox',
      name: 'overdue',
      checked: filters.overdue,
    });
    const limit = select(
      'filter-limit',
      'limit',
      PAGE_SIZES.map((n) => [String(n), `${n} per page`]),
      String(filters.limit),
    );
    const form = h(
      'form',
      { class: 'filters', role: 'search', 'aria-label': 'Filter requests' },
      h('div', { class: 'filter-search' }, h('label', { for: 'filter-q' }, 'Search'), search),
      h('div', {}, h('label', { for: 'filter-status' }, 'Status'), status),
      h('div', {}, h('label', { for: 'filter-regulation' }, 'Regulation'), regulation),
      h('label', { class: 'checkbox', for: 'filter-overdue' }, overdue, 'Overdue only'),
      h('div', {}, h('label', { for: 'filter-limit', class: 'sr-only' }, 'Page size'), limit),
    );
    const apply = () => {
      const data = new FormData(/** @type {HTMLFormElement} */ (form));
      context.navigate(
        hashFor({
          q: String(data.get('q') ?? '').trim(),
          status: String(data.get('status') ?? ''),
          regulation: String(data.get('regulation') ?? ''),
          overdue: data.get('overdue') !== null,
          limit: Number(data.get('limit')) || 25,
        }),
      );
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      apply();
    });
    for (const control of [status, regulation, overdue, limit]) control.addEventListener('change', apply);
    return form;
  }

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
      items.map((item) => row(item, now)),
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

  /**
   * @param {RequestSummary} request
   * @param {number} now
   */
  function row(request, now) {
    const tr = h(
      'tr',
      {
        class: `clickable ${request.overdue ? 'row-overdue' : ''}`,
        'data-request-id': request.id,
        'data-status': request.status,
        onclick: (/** @type {Event} */ event) => {
          if (/** @type {HTMLElement} */ (event.target).closest('a, button')) return;
          context.navigate(`#/requests/${request.id}`);
        },
      },
      h('td', { 'data-label': 'Request' }, requestRef(request)),
      h(
        'td',
        { 'data-label': 'Status' },
        h('div', { class: 'badges' }, statusBadge(request.status), ' ', flagBadges(request)),
      ),
      h('td', { 'data-label': 'Regulation' }, regulationBadge(request.regulation)),
      h('td', { 'data-label': 'Submitted', class: 'nowrap' }, formatDate(request.submittedAt)),
      h('td', { 'data-label': 'Due' }, dueCell(request, now)),
      h('td', { 'data-label': 'Progress' }, progressBar(request.progress, request.status)),
    );
    return tr;
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
      const fresh = buildFilters();
      const focused = document.activeElement?.id;
      filterForm.replaceWith(fresh);
      filterForm = fresh;
      if (focused) document.getElementById(focused)?.focus();
      void load();
    },
    /** @param {RequestSummary} request */
    onRequestChange(request) {
      const existing = tbody.querySelector(`tr[data-request-id="${CSS.escape(request.id)}"]`);
      const now = context.now();
      if (existing) {
        const before = shown.get(request.id);
        const replacement = row(request, now);
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
      const added = row(request, now);
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

/**
 * @param {string} id
 * @param {string} name
 * @param {string[][]} options [value, label] pairs
 * @param {string} selected
 */
function select(id, name, options, selected) {
  return h(
    'select',
    { id, name },
    options.map(([value, label]) => h('option', { value, selected: value === selected }, label)),
  );
}
