// @ts-check
/**
 * The dialog behind a manual task's "Confirm" button: what a person did in a system without the SDK, with the
 * evidence the ledger keeps (POST /v1/erasure-requests/:id/tasks/:service/confirm).
 */
import { openActionDialog } from './action-dialog.js';
import { announce, h } from './dom.js';

/** @typedef {import('./app.js').Context} Context */
/** @typedef {import('./request-detail.js').Task} Task */

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * @param {Context} context
 * @param {string} requestId
 * @param {Task} task
 * @param {() => Promise<void>} done
 */
export function confirmTaskDialog(context, requestId, task, done) {
  const outcome = h(
    'select',
    { id: 'confirm-outcome', name: 'outcome', required: true },
    h('option', { value: 'deleted' }, 'Deleted'),
    h('option', { value: 'not_found' }, 'Nothing found'),
    h('option', { value: 'retained' }, 'Retained (a legal basis to keep it)'),
  );
  const records = h('input', {
    id: 'confirm-records',
    name: 'recordsAffected',
    type: 'number',
    min: 0,
    step: 1,
    value: 0,
    required: true,
  });
  const basis = h('input', { id: 'confirm-basis', name: 'basis', maxlength: 200 });
  const note = h('textarea', {
    id: 'confirm-note',
    name: 'note',
    maxlength: 2000,
    'aria-describedby': 'confirm-note-hint',
  });
  const digest = h('input', {
    id: 'confirm-sha256',
    name: 'evidenceSha256',
    maxlength: 64,
    spellcheck: 'false',
    autocomplete: 'off',
    'aria-describedby': 'confirm-sha256-hint',
  });
  openActionDialog({
    title: `Confirm ${task.service}`,
    submitLabel: 'Confirm',
    body: [
      h('p', {}, `Record what was done in ${task.service}. It counts as that service's result.`),
      field('confirm-outcome', 'Outcome', outcome),
      field('confirm-records', 'Records affected', records),
      field('confirm-basis', 'Retention basis (only when retained)', basis),
      field('confirm-note', 'Note', note, 'Kept in the audit ledger: never name the person.'),
      field(
        'confirm-sha256',
        'Evidence file SHA-256 (optional)',
        digest,
        'e.g. of a shredding certificate: sha256sum file',
      ),
    ],
    submit: async () => {
      const chosen = /** @type {HTMLSelectElement} */ (outcome).value;
      const count = Number(/** @type {HTMLInputElement} */ (records).value);
      const why = /** @type {HTMLInputElement} */ (basis).value.trim();
      const text = /** @type {HTMLTextAreaElement} */ (note).value.trim();
      const hash = /** @type {HTMLInputElement} */ (digest).value.trim().toLowerCase();
      if (!Number.isInteger(count) || count < 0)
        throw new Error('Records affected must be a whole number, 0 or more.');
      if (chosen === 'retained' && !why) throw new Error('Give the retention basis.');
      if (hash && !SHA256_HEX.test(hash)) throw new Error('The SHA-256 must be 64 hex digits.');
      await context.api.post(
        `/v1/erasure-requests/${encodeURIComponent(requestId)}/tasks/${encodeURIComponent(task.service)}/confirm`,
        {
          outcome: chosen,
          recordsAffected: count,
          ...(chosen === 'retained' && { retention: { basis: why, ...(text && { note: text }) } }),
          ...(text && { note: text }),
          ...(hash && { evidenceSha256: hash }),
        },
      );
      announce(`${task.service} confirmed.`);
    },
    done,
  });
}

/**
 * @param {string} id
 * @param {string} label
 * @param {Node} control
 * @param {string} [hint]
 */
function field(id, label, control, hint) {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('p', { id: `${id}-hint`, class: 'hint' }, hint) : null,
  );
}
