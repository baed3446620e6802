// @ts-check
/** One request: facts, per-service tasks, the verified audit trail, and the operator actions. */
import { announce, h, replaceChildren } from './dom.js';
import { formatDateTime, shortId, statusLabel } from './format.js';
import { actionsCard } from './request-actions.js';
import { auditCard } from './request-audit.js';
import { summaryCard } from './request-summary.js';
import { tasksCard } from './request-tasks.js';
import { confirmTaskDialog } from './task-confirm.js';
import { errorNotice, flagBadges, pageHeader, regulationBadge, requestName, statusBadge } from './ui.js';

/** @typedef {import('./app.js').Context} Context */
/** @typedef {import('./app.js').View} View */
/**
 * @typedef {{service: string, status: string, attempts: number, recordsAffected: number | null,
 *   retention: {basis: string, note?: string} | null, lastError: {code: string, message: string,
 *   retriable: boolean} | null, nextAttemptAt: string | null, expectedAt?: string | null, completedAt: string | null}} Task
 * @typedef {import('./ui.js').RequestSummary & {receiptConfirmationDueAt: string | null,
 *   receiptConfirmedAt: string | null, receiptConfirmationOverdue: boolean,
 *   extension: {at: string, reason: string, initialDueAt: string} | null, cancelledAt: string | null,
 *   identitiesShreddedAt: string | null, identitiesShredDueAt: string | null, tasks: Task[],
 *   verification?: Verification}} RequestDetail
 * @typedef {{status: string, services: {service: string, status: string, errorCode: string | null}[],
 *   findings: {service: string, store: string, records: number, foundAt: string,
 *   followUpRequestId: string | null}[]}} Verification
 * @typedef {{seq: number, type: string, at: string, actor: string, data: Record<string, unknown>, hash: string,
 *   prevHash: string}} AuditEvent
 * @typedef {{events: AuditEvent[], chainValid: boolean, broken?: {seq: number, reason: string} | null}} AuditTrail
 */

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
  /** Services a person confirms by hand; read once, their tasks get a Confirm button. */
  /** @type {Promise<Set<string>> | undefined} */
  let manualServices;

  async function load() {
    // an auditor cannot confirm: no button rather than a button that is refused
    manualServices ??= context.canAct ? readManualServices() : Promise.resolve(new Set());
    const [request, audit] = await Promise.allSettled([
      context.api.get(`/v1/erasure-requests/${encodeURIComponent(id)}`),
      context.api.get(`/v1/erasure-requests/${encodeURIComponent(id)}/audit`),
    ]);
    manual = await manualServices;
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

  /** @type {Set<string>} */
  let manual = new Set();

  /** @returns {Promise<Set<string>>} without them (an auditor may not list services) there is no button */
  async function readManualServices() {
    try {
      const services = /** @type {{items: {name: string, registration: string}[]}} */ (
        await context.api.get('/v1/services')
      );
      return new Set(services.items.filter((s) => s.registration === 'manual').map((s) => s.name));
    } catch {
      return new Set();
    }
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
        h(
          'div',
          { class: 'stack' },
          summaryCard(request, now),
          tasksCard(request, now, {
            manual,
            confirm: (task) => confirmTaskDialog(context, request.id, task, load),
          }),
        ),
        h('div', { class: 'stack' }, actionsCard(context, request, load), auditCard(audit)),
      ),
    );
    if (focusedId) {
      const again = document.getElementById(focusedId);
      if (again && !again.hasAttribute('disabled')) again.focus();
      else root.querySelector('h1')?.focus();
    }
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
