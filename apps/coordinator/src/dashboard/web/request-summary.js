// @ts-check
/** The request's progress and facts: ids, regulation, dates, receipt confirmation, identities, extension. */
import { isOpenStatus, regulationInfo } from './catalog.js';
import { h } from './dom.js';
import { daysLeft, formatDate, formatDateTime, formatDuration } from './format.js';
import { progressBar } from './ui.js';

/** @typedef {import('./request-detail.js').RequestDetail} RequestDetail */

/**
 * @param {RequestDetail} request
 * @param {number} now
 */
export function summaryCard(request, now) {
  const open = isOpenStatus(request.status);
  const left = daysLeft(request.dueAt, now);
  /** @type {[string, Node | string][]} */
  const facts = [
    ['Request id', h('span', { class: 'mono' }, request.id)],
    ['External id', request.externalId ?? '—'],
    ['Regulation', regulationInfo(request.regulation)?.law ?? request.regulation],
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
  const verification = verificationFact(request);
  if (verification) facts.push(['Verified gone', verification]);
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

const VERIFICATION_LABELS = /** @type {Record<string, string>} */ ({
  pending: 'Checking with the services…',
  absent: 'Every service checked: the person is gone',
  failed: 'Some services could not check',
});

/**
 * The verification pass after completion: what the services answered, and any data found again (a restore, a
 * replay) with a link to the follow-up erasure that removes it.
 * @param {RequestDetail} request
 * @returns {Node | string | undefined}
 */
function verificationFact(request) {
  const verification = request.verification;
  if (!verification || verification.status === 'not_scheduled') return undefined;
  if (verification.findings.length === 0)
    return VERIFICATION_LABELS[verification.status] ?? verification.status;
  return h(
    'ul',
    { class: 'findings', id: 'verification-findings' },
    verification.findings.map((finding) =>
      h(
        'li',
        {},
        `Found again in ${finding.service} (${finding.store}, ${finding.records} ${finding.records === 1 ? 'record' : 'records'}) on ${formatDateTime(finding.foundAt)}`,
        finding.followUpRequestId
          ? h(
              'span',
              {},
              ' · re-erased by ',
              h('a', { href: `#/requests/${finding.followUpRequestId}` }, 'a follow-up'),
            )
          : ' · not re-erased yet (POST …/re-erase)',
      ),
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
