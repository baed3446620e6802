// @ts-check
/** Overview: counts by status, what is overdue or at risk, completions per day, time to complete, services. */
import { completionsChart } from './chart.js';
import { h, replaceChildren } from './dom.js';
import { formatDuration, formatNumber, formatTime } from './format.js';
import { attentionPanel } from './overview-attention.js';
import { statusPanel } from './overview-status.js';
import { errorNotice, pageHeader } from './ui.js';

/** @typedef {import('./app.js').Context} Context */
/** @typedef {import('./app.js').View} View */

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
