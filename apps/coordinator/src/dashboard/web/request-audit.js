// @ts-check
/** The request's audit trail, oldest first, with whether its hash chain verifies. */
import { describeEvent } from './audit-format.js';
import { h } from './dom.js';
import { eventLabel, formatDateTime } from './format.js';
import { errorNotice } from './ui.js';

/** @typedef {import('./request-detail.js').AuditTrail} AuditTrail */

/** @param {AuditTrail | unknown} audit the trail, or why it could not be read */
export function auditCard(audit) {
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
