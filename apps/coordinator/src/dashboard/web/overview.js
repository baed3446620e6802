// @ts-check
/** Overview: counts by status, what is overdue or at risk, completions per day, time to complete, services. */
import { completionsChart } from './chart.js';
import { h, replaceChildren } from './dom.js';
import { formatDuration, formatNumber, formatTime, statusLabel } from './format.js';
import {
  dueCell,
  emptyState,
  errorNotice,
  flagBadges,
  pageHeader,
  progressBar,
  regulationBadge,
  requestRef,
  statusBadge,
} from './ui.js';

/** @typedef {import('./app.js').Context} Context */
/** @typedef {import('./app.js').View} View */

const STATUSES = ['received', 'in_progress', 'needs_attention', 'completed', 'cancelled'];
/** Live changes refresh the numbers at most this often. */
const REFRESH_EVERY_MS = 3000;

/**
 * @param {Context} context
 * @returns {View}
 */
export function overviewView(context) {
  const root = h('div', {}, pageHeader('Overview', 'Loading…'));
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let pending;
  let lastLoad = 0;
  /** The newest change the live feed reported, and how often in a row the numbers came back older than it. */
  let newestChange = '';
  let staleLoads = 0;

  async function load() {
    lastLoad = Date.now();
    try {
      const [stats, attention, services] = await Promise.all([
        context.api.get('/v1/stats'),
        context.api.get('/v1/attention?limit=8'),
        context.api.get('/v1/services'),
      ]);
      render(
        /** @type {any} */ (stats),
        /** @type {any} */ (attention).items,
        /** @type {any} */ (services).items,
      );
      // the server shares its counts for a few seconds; ask again until they include the newest change
      const generatedAt = /** @type {{generatedAt: string}} */ (stats).generatedAt;
      if (newestChange > generatedAt && staleLoads < 5) {
        staleLoads++;
        schedule(2000);
      } else {
        staleLoads = 0;
      }
    } catch (error) {
      replaceChildren(root, pageHeader('Overview'), errorNotice(error));
    }
  }

  /**
   * @param {any} stats
   * @param {any[]} attention
   * @param {{state: string}[]} services
   */
  function render(stats, attention, services) {
    const now = context.now();
    const requests = stats.requests;
    const keepFocus = root.contains(document.activeElement) ? document.activeElement?.id : undefined;
    replaceChildren(
      root,
      pageHeader(
        'Overview',
        `Erasure requests across every service · updated ${formatTime(stats.generatedAt)}`,
      ),
      h(
        'section',
        { class: 'grid kpis', 'aria-label': 'Key figures' },
        kpi('Open', requests.open, 'not yet completed or cancelled', 'kpi-info', '#/requests'),
        kpi(
          'Overdue',
          requests.overdue,
          'past the legal deadline',
          requests.overdue > 0 ? 'kpi-danger' : '',
          '#/requests?overdue=true',
        ),
        kpi('At risk', requests.atRisk, 'due within the lead time', requests.atRisk > 0 ? 'kpi-risk' : ''),
        kpi(
          'Needs attention',
          requests.byStatus.needs_attention,
          'waiting for an operator',
          requests.byStatus.needs_attention > 0 ? 'kpi-warn' : '',
          '#/requests?status=needs_attention',
        ),
        kpi(
          'Completed',
          requests.completedInWindow,
          `last ${stats.windowDays} days`,
          'kpi-ok',
          '#/requests?status=completed',
        ),
        kpi(
          'Median time',
          null,
          `to complete, last ${stats.windowDays} days`,
          '',
          undefined,
          formatDuration(requests.medianTimeToCompleteMs),
        ),
      ),
      attentionPanel(attention, now),
      h(
        'div',
        { class: 'grid two-columns' },
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'chart-title' },
          h(
            'div',
            { class: 'panel-header' },
            h('h2', { id: 'chart-title' }, 'Completions per day'),
            h('span', { class: 'muted' }, `last ${stats.windowDays} days, UTC`),
          ),
          h('div', { class: 'panel-body' }, completionsChart(stats.completionsPerDay, 'chart-title')),
        ),
        statusPanel(requests, services),
      ),
    );
    if (keepFocus) document.getElementById(keepFocus)?.focus();
  }

  /** @param {number} wait */
  function schedule(wait) {
    if (pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      void load();
    }, wait);
  }

  return {
    element: root,
    load,
    onResync: load,
    /** @param {{version: string}} change */
    onRequestChange(change) {
      if (change.version > newestChange) newestChange = change.version;
      // many changes in a burst cost one reload
      schedule(Math.max(0, REFRESH_EVERY_MS - (Date.now() - lastLoad)));
    },
    dispose() {
      clearTimeout(pending);
    },
  };
}

/**
 * @param {string} label
 * @param {number | null} value
 * @param {string} note
 * @param {string} tone
 * @param {string} [href]
 * @param {string} [text] shown instead of the number
 */
function kpi(label, value, note, tone, href, text) {
  const figure = text ?? formatNumber(value ?? 0);
  return h(
    'div',
    { class: `card kpi ${tone}`, 'data-kpi': label.toLowerCase().replace(/ /g, '-') },
    h('p', { class: 'kpi-label' }, label),
    h(
      'p',
      { class: 'kpi-value' },
      href ? h('a', { href, class: 'kpi-link', 'aria-label': `${figure} ${label}` }, figure) : figure,
    ),
    h('p', { class: 'kpi-note' }, note),
  );
}

/**
 * @param {any[]} items
 * @param {number} now
 */
function attentionPanel(items, now) {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'attention-title' },
    h(
      'div',
      { class: 'panel-header' },
      h('h2', { id: 'attention-title' }, 'Overdue and at risk'),
      h('a', { href: '#/requests?overdue=true' }, 'All overdue requests'),
    ),
    items.length === 0
      ? emptyState('Nothing is overdue or at risk', 'Every open request is on schedule.')
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'responsive' },
            h(
              'caption',
              { class: 'sr-only' },
              'Open requests that are overdue, at risk or need an operator, soonest due first',
            ),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Request', 'Status', 'Why', 'Regulation', 'Due', 'Progress'].map((title) =>
                  h('th', { scope: 'col' }, title),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              items.map((item) =>
                h(
                  'tr',
                  { class: item.overdue ? 'row-overdue' : '' },
                  h('td', { 'data-label': 'Request' }, requestRef(item)),
                  h('td', { 'data-label': 'Status' }, statusBadge(item.status)),
                  h('td', { 'data-label': 'Why' }, reasonBadges(item)),
                  h('td', { 'data-label': 'Regulation' }, regulationBadge(item.regulation)),
                  h('td', { 'data-label': 'Due' }, dueCell(item, now)),
                  h('td', { 'data-label': 'Progress' }, progressBar(item.progress, item.status)),
                ),
              ),
            ),
          ),
        ),
  );
}

/** @param {{reasons: string[], overdue: boolean, atRisk: boolean}} item */
function reasonBadges(item) {
  const badges = [];
  if (item.reasons.includes('overdue') || item.reasons.includes('at_risk'))
    badges.push(
      flagBadges({ overdue: item.reasons.includes('overdue'), atRisk: item.reasons.includes('at_risk') }),
    );
  if (item.reasons.includes('needs_attention'))
    badges.push(h('span', { class: 'badge status-needs_attention' }, 'Operator needed'));
  return h('div', { class: 'badges' }, badges);
}

/**
 * @param {any} requests
 * @param {{state: string}[]} services
 */
function statusPanel(requests, services) {
  const total = Math.max(1, requests.total);
  const bar = h('div', { class: 'status-bar', 'aria-hidden': 'true' });
  for (const status of STATUSES) {
    const count = requests.byStatus[status];
    if (count === 0) continue;
    const segment = h('span', { class: `seg-${status}`, title: `${statusLabel(status)}: ${count}` });
    segment.style.width = `${(count / total) * 100}%`;
    bar.append(segment);
  }
  const stale = services.filter((service) => service.state === 'stale').length;
  const active = services.filter((service) => service.state === 'active').length;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'status-title' },
    h(
      'div',
      { class: 'panel-header' },
      h('h2', { id: 'status-title' }, 'Requests by status'),
      h('span', { class: 'muted' }, `${formatNumber(requests.total)} in total`),
    ),
    h(
      'div',
      { class: 'panel-body' },
      bar,
      h(
        'ul',
        { class: 'legend' },
        STATUSES.map((status) =>
          h(
            'li',
            {},
            h('span', { class: `swatch seg-${status}`, 'aria-hidden': 'true' }),
            h('a', { href: `#/requests?status=${status}` }, statusLabel(status)),
            h('span', { class: 'count' }, formatNumber(requests.byStatus[status])),
          ),
        ),
      ),
      h(
        'div',
        { class: 'service-health' },
        h('h3', {}, 'Services'),
        h('p', {}, h('span', {}, 'Active'), h('strong', {}, formatNumber(active))),
        h(
          'p',
          {},
          h('span', {}, 'Stale (no recent heartbeat)'),
          h('strong', { class: stale > 0 ? 'error-text' : '' }, formatNumber(stale)),
        ),
        h('a', { href: '#/services' }, 'Service health'),
      ),
    ),
  );
}
