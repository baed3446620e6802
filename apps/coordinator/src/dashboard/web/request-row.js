// @ts-check
/** One row of the request list; clicking anywhere but a link opens the request. */
import { h } from './dom.js';
import { formatDate } from './format.js';
import { dueCell, flagBadges, progressBar, regulationBadge, requestRef, statusBadge } from './ui.js';

/** @typedef {import('./app.js').Context} Context */
/** @typedef {import('./ui.js').RequestSummary} RequestSummary */

/**
 * @param {Context} context
 * @param {RequestSummary} request
 * @param {number} now
 */
export function requestRow(context, request, now) {
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
