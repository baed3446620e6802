// @ts-check
/** The overview's requests by status (a bar and its legend) and the services' health in brief. */
import { requestStatuses } from './catalog.js';
import { h } from './dom.js';
import { formatNumber, statusLabel } from './format.js';

/**
 * @param {any} requests
 * @param {{state: string}[]} services
 */
export function statusPanel(requests, services) {
  const total = Math.max(1, requests.total);
  const bar = h('div', { class: 'status-bar', 'aria-hidden': 'true' });
  for (const status of requestStatuses()) {
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
        requestStatuses().map((status) =>
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
