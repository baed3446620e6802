// @ts-check
/** The request list's filters: read from and written to the hash, shown as a form, applied to live changes. */
import { regulations, requestStatuses } from './catalog.js';
import { h } from './dom.js';
import { statusLabel } from './format.js';

/** @typedef {import('./app.js').Context} Context */
/** @typedef {import('./ui.js').RequestSummary} RequestSummary */
/** @typedef {{status: string, regulation: string, overdue: boolean, q: string, limit: number}} Filters */

const PAGE_SIZES = [25, 50, 100];

/** @param {URLSearchParams} params @returns {Filters} */
export function filtersFrom(params) {
  const limit = Number(params.get('limit'));
  return {
    status: requestStatuses().includes(params.get('status') ?? '')
      ? /** @type {string} */ (params.get('status'))
      : '',
    regulation: regulations().some((entry) => entry.regulation === params.get('regulation'))
      ? /** @type {string} */ (params.get('regulation'))
      : '',
    overdue: params.get('overdue') === 'true',
    q: (params.get('q') ?? '').trim(),
    limit: PAGE_SIZES.includes(limit) ? limit : 25,
  };
}

/** @param {Filters} filters */
export function hashFor(filters) {
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
export function matches(request, filters) {
  if (filters.status && request.status !== filters.status) return false;
  if (filters.regulation && request.regulation !== filters.regulation) return false;
  if (filters.overdue && !request.overdue) return false;
  if (filters.q && request.id !== filters.q && request.externalId !== filters.q) return false;
  return true;
}

/**
 * The filter form; changing a control (or submitting the search) navigates to the filtered list.
 * @param {Context} context
 * @param {Filters} filters
 */
export function filterForm(context, filters) {
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
    [['', 'Any status'], ...requestStatuses().map((s) => [s, statusLabel(s)])],
    filters.status,
  );
  const regulation = select(
    'filter-regulation',
    'regulation',
    [['', 'Any regulation'], ...regulations().map((entry) => [entry.regulation, entry.label])],
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
