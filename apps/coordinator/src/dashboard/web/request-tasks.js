// @ts-check
/** One row per service holding data: its task's status, attempts, records, retention, last error and time. */
import { h } from './dom.js';
import { formatDateTime, formatNumber, formatWhen, retentionLabel } from './format.js';
import { statusBadge } from './ui.js';

/** @typedef {import('./request-detail.js').RequestDetail} RequestDetail */
/** @typedef {import('./request-detail.js').Task} Task */

/** Task statuses a person can still confirm for a manual service (dispatched: the command went out). */
const CONFIRMABLE = new Set(['dispatched', 'failed']);

/**
 * @param {RequestDetail} request
 * @param {number} now
 * @param {{manual: Set<string>, confirm: (task: Task) => void}} [actions] manual services get a Confirm button
 */
export function tasksCard(request, now, actions) {
  const rows = request.tasks.map((task) =>
    h(
      'tr',
      { 'data-service': task.service },
      h('td', { 'data-label': 'Service' }, h('strong', {}, task.service)),
      h(
        'td',
        { 'data-label': 'Status' },
        statusBadge(task.status),
        actions?.manual.has(task.service) && CONFIRMABLE.has(task.status)
          ? h(
              'button',
              {
                id: `confirm-task-${task.service}`,
                type: 'button',
                class: 'button button-small',
                'aria-label': `Confirm ${task.service}`,
                onclick: () => actions.confirm(task),
              },
              'Confirm…',
            )
          : null,
      ),
      h('td', { 'data-label': 'Attempts', class: 'numeric' }, formatNumber(task.attempts)),
      h(
        'td',
        { 'data-label': 'Records', class: 'numeric' },
        task.recordsAffected === null ? '—' : formatNumber(task.recordsAffected),
      ),
      h(
        'td',
        { 'data-label': 'Retained under' },
        task.retention
          ? h(
              'div',
              { class: 'retention' },
              h('span', { title: task.retention.basis }, retentionLabel(task.retention.basis)),
              task.retention.note ? h('span', { class: 'retention-note' }, task.retention.note) : null,
            )
          : '—',
      ),
      h(
        'td',
        { 'data-label': 'Last error' },
        task.lastError
          ? h(
              'span',
              { class: 'error-text' },
              h('code', {}, task.lastError.code),
              ` ${task.lastError.message}`,
            )
          : '—',
      ),
      h('td', { 'data-label': 'Time', class: 'nowrap' }, taskTime(task, now)),
    ),
  );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'tasks-title' },
    h(
      'div',
      { class: 'panel-header' },
      h('h2', { id: 'tasks-title' }, 'Services'),
      h('span', { class: 'muted' }, 'one task per service holding data'),
    ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'responsive compact', id: 'tasks-table' },
        h('caption', { class: 'sr-only' }, 'Erasure status per service'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Service', 'Status', 'Attempts', 'Records', 'Retained under', 'Last error', 'Time'].map(
              (title) =>
                h(
                  'th',
                  { scope: 'col', class: title === 'Attempts' || title === 'Records' ? 'numeric' : '' },
                  title,
                ),
            ),
          ),
        ),
        h('tbody', {}, rows),
      ),
    ),
  );
}

/**
 * When the service answered, when the next attempt is due, or, while a target outside the estate works on it,
 * when it said it would be done.
 * @param {Task} task
 * @param {number} now
 */
function taskTime(task, now) {
  if (task.completedAt)
    return h(
      'time',
      { datetime: task.completedAt, title: formatDateTime(task.completedAt) },
      formatWhen(task.completedAt, now),
    );
  if (task.nextAttemptAt)
    return h(
      'span',
      { title: formatDateTime(task.nextAttemptAt) },
      `retry ${formatWhen(task.nextAttemptAt, now)}`,
    );
  if (task.status === 'waiting' && task.expectedAt)
    return h(
      'span',
      { class: 'expected-at', title: formatDateTime(task.expectedAt) },
      `expected ${formatWhen(task.expectedAt, now)}`,
    );
  return '—';
}
