// @ts-check
/** Small view pieces shared by the pages: badges, progress bars, due dates, empty and error states. */
import { isOpenStatus, regulationInfo } from './catalog.js';
import { h } from './dom.js';
import { daysLeft, formatDate, regulationLabel, shortId, statusLabel } from './format.js';

/**
 * @typedef {{total: number, done: number}} Progress
 * @typedef {{id: string, externalId: string | null, regulation: string, status: string, overdue: boolean,
 *   atRisk: boolean, submittedAt: string, dueAt: string, completedAt: string | null, progress: Progress}} RequestSummary
 */

/** @param {string} status */
export function statusBadge(status) {
  return h('span', { class: `badge status-${status}` }, statusLabel(status));
}

/** @param {{overdue: boolean, atRisk: boolean}} request */
export function flagBadges(request) {
  if (request.overdue) return h('span', { class: 'badge flag-overdue' }, 'Overdue');
  if (request.atRisk) return h('span', { class: 'badge flag-at_risk' }, 'At risk');
  return null;
}

/** @param {string} regulation */
export function regulationBadge(regulation) {
  return h(
    'span',
    { class: 'regulation', title: regulationInfo(regulation)?.law ?? regulation },
    regulationLabel(regulation),
  );
}

/**
 * Services done out of all services, as a labelled progress bar.
 * @param {Progress} progress
 * @param {string} status the request's status, which colours the bar
 * @param {{large?: boolean}} [options]
 */
export function progressBar(progress, status, options = {}) {
  const percent = progress.total === 0 ? 0 : Math.round((progress.done / progress.total) * 100);
  const tone =
    status === 'completed'
      ? 'progress-complete'
      : status === 'cancelled'
        ? 'progress-stopped'
        : status === 'needs_attention'
          ? 'progress-attention'
          : '';
  const fill = h('div', { class: 'progress-fill' });
  fill.style.width = `${percent}%`;
  return h(
    'div',
    { class: `progress ${tone} ${options.large ? 'progress-large' : ''}` },
    h(
      'div',
      {
        class: 'progress-track',
        role: 'progressbar',
        'aria-valuemin': 0,
        'aria-valuemax': progress.total,
        'aria-valuenow': progress.done,
        'aria-label': `${progress.done} of ${progress.total} services done`,
      },
      fill,
    ),
    h('span', { class: 'progress-text', 'aria-hidden': 'true' }, `${progress.done}/${progress.total}`),
  );
}

/**
 * The due date and, for open requests, the days left (or overdue).
 * @param {RequestSummary} request
 * @param {number} now
 */
export function dueCell(request, now) {
  const open = isOpenStatus(request.status);
  const left = daysLeft(request.dueAt, now);
  return h(
    'div',
    { class: 'due' },
    h('span', { class: 'nowrap' }, formatDate(request.dueAt)),
    open
      ? h('span', { class: `due-left ${left.tone === 'normal' ? '' : left.tone}` }, left.label)
      : h('span', { class: 'due-left' }, request.status === 'completed' ? 'done' : 'stopped'),
  );
}

/**
 * The request's own reference first (externalId), its id below.
 * @param {RequestSummary} request
 */
export function requestRef(request) {
  return h(
    'div',
    { class: 'request-ref' },
    h('a', { href: `#/requests/${request.id}` }, request.externalId ?? `Request ${shortId(request.id)}`),
    h('span', { class: 'mono', title: request.id }, shortId(request.id)),
  );
}

/** @param {RequestSummary} request */
export function requestName(request) {
  return request.externalId ?? `request ${shortId(request.id)}`;
}

/**
 * @param {string} title
 * @param {string} [detail]
 */
export function emptyState(title, detail) {
  return h('div', { class: 'empty' }, h('strong', {}, title), detail ? h('span', {}, detail) : null);
}

/** @param {unknown} error */
export function errorNotice(error) {
  const message = error instanceof Error ? error.message : String(error);
  return h('div', { class: 'notice notice-error', role: 'alert' }, message);
}

/**
 * A page title that receives focus after navigation, so keyboard and screen-reader users land on it.
 * @param {string} title
 * @param {string} [subtitle]
 * @param {...(Node | null)} end
 */
export function pageHeader(title, subtitle, ...end) {
  return h(
    'div',
    { class: 'page-header' },
    h('div', {}, h('h1', { tabindex: -1 }, title), subtitle ? h('p', { class: 'muted' }, subtitle) : null),
    ...end,
  );
}
