// @ts-check
/** The signed deletion receipt of a finished request, saved as a JSON file (auditors and above may fetch it). */
import { announce, h } from './dom.js';
import { errorNotice } from './ui.js';

/**
 * A "Receipt" button: the receipt needs the API key, so it is fetched and saved from memory instead of linked.
 * @param {import('./app.js').Context} context
 * @param {string} requestId
 */
export function receiptDownload(context, requestId) {
  const status = h('div', {});
  const button = h(
    'button',
    {
      id: 'action-receipt',
      type: 'button',
      class: 'button',
      onclick: async () => {
        status.replaceChildren();
        try {
          const receipt = await context.api.get(`/v1/erasure-requests/${requestId}/receipt`);
          const url = URL.createObjectURL(
            new Blob([`${JSON.stringify(receipt, null, 2)}\n`], { type: 'application/json' }),
          );
          const link = h('a', { href: url, download: `deletion-receipt-${requestId}.json` });
          link.click();
          setTimeout(() => URL.revokeObjectURL(url), 0);
          announce('Receipt downloaded');
        } catch (error) {
          status.append(errorNotice(error));
        }
      },
    },
    'Receipt',
  );
  return h(
    'div',
    { class: 'actions' },
    button,
    h('span', { class: 'muted' }, 'Signed; check it with lethe receipt verify'),
    status,
  );
}
