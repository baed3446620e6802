// @ts-check
/** Services: every registered service, its last heartbeat (stale ones highlighted), success rate and p95 time to ack. */
import { h, replaceChildren } from './dom.js';
import {
  formatAgo,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatPercent,
  formatTime,
} from './format.js';
import { emptyState, errorNotice, pageHeader, statusBadge } from './ui.js';

/** @typedef {import('./app.js').Context} Context */
/** @typedef {import('./app.js').View} View */
/**
 * @typedef {{name: string, state: string, registration: string, identityTypes: string[], dataCategories: string[],
 *   sdkVersion: string | null, firstSeenAt: string, lastSeenAt: string,
 *   openTasks: {total: number, overdue: number, pending: number, dispatched: number, waiting?: number,
 *     failed: number}}} Service
 * @typedef {{service: string, settled: number, succeeded: number, failed: number, successRate: number | null,
 *   p95AckMs: number | null}} ServiceStats
 */

/** Heartbeats are not in the live feed (they change every few seconds); the page refreshes itself instead. */
const REFRESH_MS = 10_000;
const COLUMNS = [
  'Service',
  'State',
  'Last heartbeat',
  'Open tasks',
  'Success rate',
  'p95 to acknowledge',
  'SDK',
];

/**
 * @param {Context} context
 * @returns {View}
 */
export function servicesView(context) {
  const root = h('div', {}, pageHeader('Services', 'Loading…'));
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let timer;

  async function load() {
    try {
      const [services, stats] = await Promise.all([
        context.api.get('/v1/services'),
        context.api.get('/v1/stats'),
      ]);
      render(/** @type {{items: Service[]}} */ (services).items, /** @type {any} */ (stats));
    } catch (error) {
      replaceChildren(root, pageHeader('Services'), errorNotice(error));
    }
  }

  /**
   * @param {Service[]} services
   * @param {{windowDays: number, generatedAt: string, services: ServiceStats[]}} stats
   */
  function render(services, stats) {
    const now = context.now();
    const byName = new Map(stats.services.map((entry) => [entry.service, entry]));
    const stale = services.filter((service) => service.state === 'stale').length;
    replaceChildren(
      root,
      pageHeader(
        'Services',
        `Every service that holds personal data and takes erasure commands · rates over the last ${stats.windowDays} days · updated ${formatTime(stats.generatedAt)}`,
      ),
      stale > 0
        ? h(
            'div',
            { class: 'notice notice-error', role: 'status' },
            `${stale} ${stale === 1 ? 'service has' : 'services have'} not sent a heartbeat recently. Their tasks wait until they are back.`,
          )
        : null,
      h(
        'section',
        { class: 'card', 'aria-label': 'Registered services' },
        services.length === 0
          ? emptyState(
              'No services registered yet',
              'A service appears here when it starts with the deletion SDK, or when an admin registers it.',
            )
          : h(
              'div',
              { class: 'table-wrap' },
              h(
                'table',
                { class: 'responsive', id: 'services-table' },
                h('caption', { class: 'sr-only' }, 'Registered services'),
                h(
                  'thead',
                  {},
                  h(
                    'tr',
                    {},
                    COLUMNS.map((title, index) =>
                      h('th', { scope: 'col', class: index >= 3 && index <= 5 ? 'numeric' : '' }, title),
                    ),
                  ),
                ),
                h(
                  'tbody',
                  {},
                  services.map((service) => row(service, byName.get(service.name), now)),
                ),
              ),
            ),
      ),
    );
  }

  /**
   * @param {Service} service
   * @param {ServiceStats | undefined} stats
   * @param {number} now
   */
  function row(service, stats, now) {
    return h(
      'tr',
      { class: service.state === 'stale' ? 'row-stale' : '', 'data-service': service.name },
      h(
        'td',
        { 'data-label': 'Service' },
        h(
          'div',
          { class: 'request-ref' },
          h('strong', {}, service.name),
          h(
            'span',
            { class: 'muted' },
            service.registration === 'manual'
              ? 'manual confirmation'
              : service.dataCategories.join(', ') || 'no data categories',
          ),
        ),
      ),
      h('td', { 'data-label': 'State' }, statusBadge(service.state)),
      h(
        'td',
        { 'data-label': 'Last heartbeat', class: 'nowrap' },
        service.registration === 'manual'
          ? '—'
          : h('span', { title: formatDateTime(service.lastSeenAt) }, formatAgo(service.lastSeenAt, now)),
      ),
      h(
        'td',
        { 'data-label': 'Open tasks', class: 'numeric' },
        formatNumber(service.openTasks.total),
        service.openTasks.overdue > 0
          ? h('span', { class: 'due-left overdue' }, ` (${formatNumber(service.openTasks.overdue)} overdue)`)
          : null,
        // accepted by a target outside the estate, which reports later
        service.openTasks.waiting
          ? h(
              'span',
              { class: 'muted waiting-count' },
              ` (${formatNumber(service.openTasks.waiting)} waiting)`,
            )
          : null,
      ),
      h(
        'td',
        { 'data-label': 'Success rate', class: 'numeric' },
        stats
          ? h(
              'span',
              { title: `${stats.succeeded} succeeded, ${stats.failed} failed` },
              formatPercent(stats.successRate),
            )
          : h('span', { class: 'muted' }, 'no tasks yet'),
      ),
      h(
        'td',
        { 'data-label': 'p95 to acknowledge', class: 'numeric' },
        formatDuration(stats?.p95AckMs ?? null),
      ),
      h('td', { 'data-label': 'SDK', class: 'mono' }, service.sdkVersion ?? '—'),
    );
  }

  return {
    element: root,
    async load() {
      await load();
      timer = setInterval(() => void load(), REFRESH_MS);
    },
    onResync: load,
    dispose() {
      clearInterval(timer);
    },
  };
}
