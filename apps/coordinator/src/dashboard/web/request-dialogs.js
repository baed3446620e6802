// @ts-check
/** The dialogs behind the request's actions; each posts to the API and then calls `done` to reload the page. */
import { openActionDialog } from './action-dialog.js';
import { extensionDays, regulationInfo } from './catalog.js';
import { announce, h } from './dom.js';
import { daysLeft, formatDate } from './format.js';
import { requestName } from './ui.js';

/** @typedef {import('./app.js').Context} Context */
/** @typedef {import('./request-detail.js').RequestDetail} RequestDetail */

/** What the extend dialog proposes, unless the law allows fewer days. */
const SUGGESTED_EXTENSION_DAYS = 30;

/**
 * @param {Context} context
 * @param {RequestDetail} request
 * @param {() => Promise<void>} done
 */
export function cancelDialog(context, request, done) {
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
    done,
  });
}

/**
 * @param {Context} context
 * @param {RequestDetail} request
 * @param {() => Promise<void>} done
 */
export function extendDialog(context, request, done) {
  const rule = regulationInfo(request.regulation)?.extension;
  const accepted = extensionDays();
  const days = h('input', {
    id: 'extend-days',
    name: 'days',
    type: 'number',
    min: accepted.min,
    // what the API accepts, not what the law allows: a longer extension is refused with the law's own reason
    max: accepted.max,
    step: 1,
    value: Math.min(SUGGESTED_EXTENSION_DAYS, rule?.maxFurtherDays ?? SUGGESTED_EXTENSION_DAYS),
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
        `Due ${formatDate(request.dueAt)} (${daysLeft(request.dueAt, context.now()).label}). ${rule?.summary ?? ''}`,
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
      if (!Number.isInteger(value) || value < accepted.min)
        throw new Error(`Days to add must be a whole number of at least ${accepted.min}.`);
      if (why.length < 3) throw new Error('Give a reason of at least 3 characters.');
      const updated = /** @type {RequestDetail} */ (
        await context.api.post(`/v1/erasure-requests/${request.id}/extend`, { days: value, reason: why })
      );
      announce(`Deadline extended to ${formatDate(updated.dueAt)}.`);
    },
    done,
  });
}

/**
 * @param {Context} context
 * @param {RequestDetail} request
 * @param {() => Promise<void>} done
 */
export function retryDialog(context, request, done) {
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
    done,
  });
}
