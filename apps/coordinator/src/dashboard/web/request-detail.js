// @ts-check
/** One request: facts, per-service tasks, the verified audit trail, and the operator actions. */
import { openActionDialog } from './action-dialog.js';
import { describeEvent } from './audit-format.js';
import { announce, h, replaceChildren } from './dom.js';
import {
  daysLeft,
  eventLabel,
  formatDate,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatWhen,
  retentionLabel,
  shortId,
  statusLabel,
} from './format.js';
import {
  errorNotice,
  flagBadges,
  pageHeader,
  progressBar,
  regulationBadge,
  requestName,
  statusBadge,
} from './ui.js';

/** @typedef {import('./app.js').Context} Context */
/** @typedef {import('./app.js').View} View */
/**
 * @typedef {{service: string, status: string, attempts: number, recordsAffected: number | null,
 *   retention: {basis: string, note?: string} | null, lastError: {code: string, message: string,
 *   retriable: boolean} | null, nextAttemptAt: string | null, completedAt: string | null}} Task
 * @typedef {import('./ui.js').RequestSummary & {receiptConfirmationDueAt: string | null,
 *   receiptConfirmedAt: string | null, receiptConfirmationOverdue: boolean,
 *   extension: {at: string, reason: string, initialDueAt: string} | null, cancelledAt: string | null,
 *   identitiesShreddedAt: string | null, identitiesShredDueAt: string | null, tasks: Task[]}} RequestDetail
 * @typedef {{seq: number, type: string, at: string, actor: string, data: Record<string, unknown>, hash: string,
 *   prevHash: string}} AuditEvent
 * @typedef {{events: AuditEvent[], chainValid: boolean, broken?: {seq: number, reason: string} | null}} AuditTrail
 */

const OPEN = ['received', 'in_progress', 'needs_attention'];

/**
 * @param {Context} context
 * @param {string} id
 * @returns {View}
 */
export function requestDetailView(context, id) {
  const root = h(
    'div',
    {},
    breadcrumb(`Request ${shortId(id)}`),
    pageHeader(`Request ${shortId(id)}`, 'Loading…'),
  );
  /** @type {RequestDetail | undefined} */
  let current;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let pending;

  async function load() {
    const [request, audit] = await Promise.allSettled([
      context.api.get(`/v1/erasure-requests/${encodeURIComponent(id)}`),
      context.api.get(`/v1/erasure-requests/${encodeURIComponent(id)}/audit`),
    ]);
    if (request.status === 'rejected') {
      replaceChildren(
        root,
        breadcrumb(`Request ${shortId(id)}`),
        pageHeader('Request not available'),
        errorNotice(request.reason),
      );
      return;
    }
    const detail = /** @type {RequestDetail} */ (request.value);
    if (current && current.status !== detail.status) {
      announce(`${requestName(detail)} is now ${statusLabel(detail.status)}.`);
    }
    current = detail;
    render(detail, audit.status === 'fulfilled' ? /** @type {AuditTrail} */ (audit.value) : audit.reason);
  }

  /**
   * @param {RequestDetail} request
   * @param {AuditTrail | unknown} audit the trail, or why it could not be read
   */
  function render(request, audit) {
    const focusedId = root.contains(document.activeElement) ? document.activeElement?.id : undefined;
    const now = context.now();
    const name = request.externalId ?? `Request ${shortId(request.id)}`;
    replaceChildren(
      root,
      breadcrumb(name),
      h(
        'div',
        { class: 'page-header' },
        h(
          'div',
          {},
          h(
            'div',
            { class: 'detail-header' },
            h('h1', { tabindex: -1 }, name),
            h('span', { id: 'request-status' }, statusBadge(request.status)),
            flagBadges(request),
            regulationBadge(request.regulation),
          ),
          h('p', { class: 'muted' }, `Submitted ${formatDateTime(request.submittedAt)}`),
        ),
      ),
      h(
        'div',
        { class: 'grid detail-grid' },
        h('div', { class: 'stack' }, summaryCard(request, now), tasksCard(request, now)),
        h('div', { class: 'stack' }, actionsCard(request), auditCard(audit)),
      ),
    );
    if (focusedId) {
      const again = document.getElementById(focusedId);
      if (again && !again.hasAttribute('disabled')) again.focus();
      else root.querySelector('h1')?.focus();
    }
  }

  /** @param {RequestDetail} request */
  function actionsCard(request) {
    const card = h(
      'section',
      { class: 'card', 'aria-labelledby': 'actions-title' },
      h('div', { class: 'panel-header' }, h('h2', { id: 'actions-title' }, 'Actions')),
    );
    if (!context.canAct) {
      card.append(
        h(
          'p',
          { class: 'actions-note' },
          `Read-only: your key has the ${context.role} role. Operators can cancel, extend and retry.`,
        ),
      );
      return card;
    }
    const open = OPEN.includes(request.status);
    if (!open) {
      card.append(
        h(
          'p',
          { class: 'actions-note' },
          `This request is ${statusLabel(request.status).toLowerCase()}; there is nothing left to do.`,
        ),
      );
      return card;
    }
    const failed = request.tasks.some((task) => task.status === 'failed');
    const extend = h(
      'button',
      {
        id: 'action-extend',
        type: 'button',
        class: 'button',
        disabled: request.extension !== null,
        onclick: () => extendDialog(request),
      },
      'Extend deadline…',
    );
    const retry = h(
      'button',
      {
        id: 'action-retry',
        type: 'button',
        class: 'button',
        disabled: !(failed || request.status === 'needs_attention'),
        onclick: () => retryDialog(request),
      },
      'Retry failed services',
    );
    const cancel = h(
      'button',
      {
        id: 'action-cancel',
        type: 'button',
        class: 'button button-danger',
        onclick: () => cancelDialog(request),
      },
      'Cancel request…',
    );
    card.append(h('div', { class: 'actions' }, extend, retry, cancel));
    if (request.extension) {
      card.append(
        h('p', { class: 'actions-note' }, 'The deadline was extended already; the law allows one extension.'),
      );
    }
    return card;
  }

  /** @param {RequestDetail} request */
  function cancelDialog(request) {
    const reason = h('textarea', { id: 'cancel-reason', name: 'reason', maxlength: 1000 });
    openActionDialog({
      title: `Cancel ${requestName(request)}?`,
      submitLabel: 'Cancel request',
      danger: true,
      body: [
        h('p', {}, 'Services that have not acted yet will not be asked to erase. This cannot be undone.'),
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'cancel-reason' }, 'Reason (recorded in the audit ledger)'),
          reason,
        ),
      ],
      submit: async () => {
        const text = /** @type {HTMLTextAreaElement} */ (reason).value.trim();
        await context.api.post(`/v1/erasure-requests/${request.id}/cancel`, text ? { reason: text } : {});
        announce(`${requestName(request)} was cancelled.`);
      },
      done: load,
    });
  }

  /** @param {RequestDetail} request */
  function extendDialog(request) {
    const limit = request.regulation === 'ccpa' ? 45 : 61;
    const days = h('input', {
      id: 'extend-days',
      name: 'days',
      type: 'number',
      min: 1,
      max: 92,
      step: 1,
      value: Math.min(30, limit),
      required: true,
      'aria-describedby': 'extend-days-hint',
    });
    const reason = h('textarea', {
      id: 'extend-reason',
      name: 'reason',
      required: true,
      minlength: 3,
      maxlength: 1000,
      'aria-describedby': 'extend-reason-hint',
    });
    openActionDialog({
      title: `Extend the deadline of ${requestName(request)}`,
      submitLabel: 'Extend',
      body: [
        h(
          'p',
          {},
          `Due ${formatDate(request.dueAt)} (${daysLeft(request.dueAt, context.now()).label}). ${request.regulation === 'ccpa' ? 'CCPA allows one extension of up to 45 days.' : 'GDPR allows one extension of up to two further months.'}`,
        ),
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'extend-days' }, 'Days to add'),
          days,
          h('p', { id: 'extend-days-hint', class: 'hint' }, 'Added to the current due date.'),
        ),
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'extend-reason' }, 'Reason'),
          reason,
          h(
            'p',
            { id: 'extend-reason-hint', class: 'hint' },
            'Recorded in the ledger; the data subject is owed it.',
          ),
        ),
      ],
      submit: async () => {
        const value = Number(/** @type {HTMLInputElement} */ (days).value);
        const why = /** @type {HTMLTextAreaElement} */ (reason).value.trim();
        if (!Number.isInteger(value) || value < 1)
          throw new Error('Days to add must be a whole number of at least 1.');
        if (why.length < 3) throw new Error('Give a reason of at least 3 characters.');
        const updated = /** @type {RequestDetail} */ (
          await context.api.post(`/v1/erasure-requests/${request.id}/extend`, { days: value, reason: why })
        );
        announce(`Deadline extended to ${formatDate(updated.dueAt)}.`);
      },
      done: load,
    });
  }

  /** @param {RequestDetail} request */
  function retryDialog(request) {
    const failed = request.tasks.filter((task) => task.status === 'failed').map((task) => task.service);
    openActionDialog({
      title: `Retry ${requestName(request)}?`,
      submitLabel: 'Retry now',
      body: [
        h(
          'p',
          {},
          failed.length > 0
            ? `Sends the command again to ${failed.join(', ')}, with a fresh attempt budget.`
            : 'Sends the command again to every failed service, with a fresh attempt budget.',
        ),
      ],
      submit: async () => {
        await context.api.post(`/v1/erasure-requests/${request.id}/retry`);
        announce(`Retrying ${requestName(request)}.`);
      },
      done: load,
    });
  }

  return {
    element: root,
    load,
    onResync: load,
    /** @param {{id: string}} change */
    onRequestChange(change) {
      if (change.id !== id || pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        void load();
      }, 150);
    },
    dispose() {
      clearTimeout(pending);
    },
  };
}

/** @param {string} name */
function breadcrumb(name) {
  return h(
    'nav',
    { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
    h('a', { href: '#/requests' }, 'Requests'),
    ' / ',
    h('span', { 'aria-current': 'page' }, name),
  );
}

/**
 * @param {RequestDetail} request
 * @param {number} now
 */
function summaryCard(request, now) {
  const open = OPEN.includes(request.status);
  const left = daysLeft(request.dueAt, now);
  /** @type {[string, Node | string][]} */
  const facts = [
    ['Request id', h('span', { class: 'mono' }, request.id)],
    ['External id', request.externalId ?? '—'],
    ['Regulation', request.regulation === 'gdpr' ? 'GDPR Art. 17' : 'CCPA §1798.105'],
    ['Submitted', formatDateTime(request.submittedAt)],
    [
      'Due',
      open
        ? h(
            'span',
            {},
            formatDate(request.dueAt),
            ' · ',
            h('span', { class: `due-left ${left.tone === 'normal' ? '' : left.tone}` }, left.label),
          )
        : formatDate(request.dueAt),
    ],
    request.status === 'cancelled'
      ? ['Cancelled', formatDateTime(request.cancelledAt)]
      : ['Completed', formatDateTime(request.completedAt)],
  ];
  if (request.receiptConfirmedAt)
    facts.push(['Receipt confirmed', formatDateTime(request.receiptConfirmedAt)]);
  else if (request.receiptConfirmationDueAt)
    facts.push([
      request.receiptConfirmationOverdue ? 'Receipt confirmation overdue since' : 'Confirm receipt by',
      formatDate(request.receiptConfirmationDueAt),
    ]);
  facts.push(['Identities', identitiesFact(request)]);
  if (request.extension) {
    facts.push([
      'Extended',
      `${formatDate(request.extension.at)} (was due ${formatDate(request.extension.initialDueAt)})`,
    ]);
    facts.push(['Extension reason', request.extension.reason]);
  }
  const { done, total } = request.progress;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'summary-title' },
    h('div', { class: 'panel-header' }, h('h2', { id: 'summary-title' }, 'Progress')),
    h(
      'div',
      { class: 'progress-summary' },
      h('p', { id: 'progress-text' }, `${done} of ${total} ${total === 1 ? 'service' : 'services'} done`),
      progressBar(request.progress, request.status, { large: true }),
    ),
    h(
      'dl',
      { class: 'facts' },
      facts.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))),
    ),
  );
}

/**
 * Whether the encrypted raw identities are still kept (crypto-shredded a set time after the request finished).
 * @param {RequestDetail} request
 */
function identitiesFact(request) {
  if (request.identitiesShreddedAt) return `Shredded ${formatDateTime(request.identitiesShreddedAt)}`;
  const cancelled = request.status === 'cancelled';
  const finishedAt = cancelled ? request.cancelledAt : request.completedAt;
  if (!request.identitiesShredDueAt || !finishedAt) return 'Kept encrypted until the request is finished';
  const windowMs = new Date(request.identitiesShredDueAt).getTime() - new Date(finishedAt).getTime();
  const days = windowMs / (24 * 60 * 60 * 1000);
  const window = Number.isInteger(days) ? `${days} ${days === 1 ? 'day' : 'days'}` : formatDuration(windowMs);
  return `Kept until ${formatDateTime(request.identitiesShredDueAt)} (shredded ${window} after ${cancelled ? 'cancellation' : 'completion'})`;
}

/**
 * @param {RequestDetail} request
 * @param {number} now
 */
function tasksCard(request, now) {
  const rows = request.tasks.map((task) =>
    h(
      'tr',
      { 'data-service': task.service },
      h('td', { 'data-label': 'Service' }, h('strong', {}, task.service)),
      h('td', { 'data-label': 'Status' }, statusBadge(task.status)),
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
 * When the service answered, or when the next attempt is due.
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
  return '—';
}

/** @param {AuditTrail | unknown} audit */
function auditCard(audit) {
  const header = h('div', { class: 'panel-header' }, h('h2', { id: 'audit-title' }, 'Audit trail'));
  const card = h('section', { class: 'card', 'aria-labelledby': 'audit-title' }, header);
  if (!audit || typeof audit !== 'object' || !('events' in audit)) {
    card.append(
      h(
        'div',
        { class: 'panel-body' },
        errorNotice(
          audit instanceof Error
            ? `The audit trail could not be read: ${audit.message}`
            : 'The audit trail could not be read.',
        ),
      ),
    );
    return card;
  }
  const trail = /** @type {AuditTrail} */ (audit);
  header.append(
    trail.chainValid
      ? h(
          'span',
          {
            id: 'chain-badge',
            class: 'chain-badge chain-valid',
            title: 'Every event’s hash recomputes and links to the one before',
          },
          '✓ Chain verified',
        )
      : h(
          'span',
          { id: 'chain-badge', class: 'chain-badge chain-broken' },
          `✕ Chain broken${trail.broken ? ` at #${trail.broken.seq}: ${trail.broken.reason}` : ''}`,
        ),
  );
  card.append(
    h(
      'ol',
      { class: 'timeline', 'aria-label': 'Audit events, oldest first' },
      trail.events.map((event) =>
        h(
          'li',
          {},
          h('div', { class: 'event-type' }, eventLabel(event.type)),
          h('div', { class: 'event-meta' }, `#${event.seq} · ${formatDateTime(event.at)} · ${event.actor}`),
          event.data ? h('div', { class: 'event-data' }, describeEvent(event.type, event.data)) : null,
          h(
            'div',
            { class: 'hash', title: `hash ${event.hash}\nprevious ${event.prevHash}` },
            `hash ${event.hash.slice(0, 16)}…`,
          ),
        ),
      ),
    ),
  );
  return card;
}
