// @ts-check
/**
 * The actions on one request: an operator's cancel, extend the deadline, retry failed services; for a finished
 * request, anyone's signed receipt.
 */
import { isOpenStatus } from './catalog.js';
import { h } from './dom.js';
import { statusLabel } from './format.js';
import { receiptDownload } from './receipt-download.js';
import { cancelDialog, extendDialog, retryDialog } from './request-dialogs.js';

/** @typedef {import('./app.js').Context} Context */
/** @typedef {import('./request-detail.js').RequestDetail} RequestDetail */

/**
 * The actions card; each action reloads the page through `reload` once it is done.
 * @param {Context} context
 * @param {RequestDetail} request
 * @param {() => Promise<void>} reload
 */
export function actionsCard(context, request, reload) {
  const card = h(
    'section',
    { class: 'card', 'aria-labelledby': 'actions-title' },
    h('div', { class: 'panel-header' }, h('h2', { id: 'actions-title' }, 'Actions')),
  );
  const open = isOpenStatus(request.status);
  if (!context.canAct) {
    if (!open) card.append(receiptDownload(context, request.id));
    card.append(
      h(
        'p',
        { class: 'actions-note' },
        `Read-only: your key has the ${context.role} role. Operators can cancel, extend and retry.`,
      ),
    );
    return card;
  }
  if (!open) {
    card.append(
      receiptDownload(context, request.id),
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
      onclick: () => extendDialog(context, request, reload),
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
      onclick: () => retryDialog(context, request, reload),
    },
    'Retry failed services',
  );
  const cancel = h(
    'button',
    {
      id: 'action-cancel',
      type: 'button',
      class: 'button button-danger',
      onclick: () => cancelDialog(context, request, reload),
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
