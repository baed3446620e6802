// @ts-check
/** The overview's list of open requests that are overdue, at risk or waiting for an operator. */
import { h } from './dom.js';
import {
  dueCell,
  emptyState,
  flagBadges,
  progressBar,
  regulationBadge,
  requestRef,
  statusBadge,
} from './ui.js';

/**
 * @param {any[]} items
 * @param {number} now
 */
export function attentionPanel(items, now) {
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
