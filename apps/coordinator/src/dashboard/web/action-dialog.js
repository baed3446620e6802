// @ts-check
/** The one modal of the dashboard (index.html #action-dialog): confirm an operator action, show why it failed. */
import { byId, replaceChildren } from './dom.js';

/**
 * @param {{title: string, submitLabel: string, danger?: boolean, body: Node[], submit: () => Promise<void>,
 *   done: () => unknown}} options `submit` throws to refuse (its message is shown, the dialog stays open);
 *   `done` runs after a success, once the dialog has closed
 */
export function openActionDialog(options) {
  const dialog = /** @type {HTMLDialogElement} */ (byId('action-dialog'));
  const form = /** @type {HTMLFormElement} */ (byId('action-form'));
  const error = byId('action-dialog-error');
  const submit = /** @type {HTMLButtonElement} */ (byId('action-dialog-submit'));
  const opener = /** @type {HTMLElement | null} */ (document.activeElement);

  byId('action-dialog-title').textContent = options.title;
  replaceChildren(byId('action-dialog-body'), options.body);
  error.textContent = '';
  submit.textContent = options.submitLabel;
  submit.disabled = false;
  submit.classList.toggle('button-danger', Boolean(options.danger));

  const close = () => {
    form.removeEventListener('submit', onSubmit);
    dialog.removeEventListener('close', onClose);
    if (dialog.open) dialog.close();
    // the button that opened the dialog may have been re-rendered; focus its successor by id
    const again = opener?.id ? document.getElementById(opener.id) : opener;
    if (again instanceof HTMLElement && !again.hasAttribute('disabled')) again.focus();
    else byId('main').querySelector('h1')?.focus();
  };
  const onClose = () => close();

  /** @param {SubmitEvent} event */
  const onSubmit = async (event) => {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      await options.submit();
    } catch (failure) {
      error.textContent = failure instanceof Error ? failure.message : String(failure);
      submit.disabled = false;
      return;
    }
    close();
    await options.done();
  };

  form.addEventListener('submit', onSubmit);
  dialog.addEventListener('close', onClose);
  for (const dismiss of form.querySelectorAll('[data-dismiss]')) {
    dismiss.addEventListener('click', () => dialog.close(), { once: true });
  }
  dialog.showModal();
  const first = dialog.querySelector('.dialog-body input, .dialog-body textarea');
  if (first instanceof HTMLElement) first.focus();
  else submit.focus();
}
