// @ts-check
/** One line of plain language per audit event, for the request timeline. Pure. */
import { formatDate, formatDateTime, formatNumber, retentionLabel, statusLabel } from './format.js';

/**
 * @param {unknown} value
 * @returns {Record<string, unknown>}
 */
function record(value) {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? /** @type {Record<string, unknown>} */ (value)
    : {};
}

/** @param {unknown} value */
function text(value) {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** @param {unknown} value */
function list(value) {
  return Array.isArray(value) ? value.map(text).filter(Boolean).join(', ') : '';
}

/** @param {number} n @param {string} one @param {string} many */
function plural(n, one, many) {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

/** @param {Record<string, unknown>} data */
function errorPart(data) {
  const error = record(data.error);
  if (!error.code) return '';
  return ` — ${text(error.code)}${error.retriable === true ? ' (retriable)' : error.retriable === false ? ' (permanent)' : ''}`;
}

/**
 * @param {string} type
 * @param {Record<string, unknown>} data
 * @returns {string}
 */
export function describeEvent(type, data) {
  switch (type) {
    case 'request.received': {
      const identities = Array.isArray(data.identityHashes) ? data.identityHashes.length : 0;
      const services = list(data.services);
      return [
        `${text(data.regulation).toUpperCase()} request`,
        `${plural(identities, 'identity', 'identities')} recorded as keyed hashes`,
        services ? `sent to ${services}` : '',
        data.dueAt ? `due ${formatDate(text(data.dueAt))}` : '',
      ]
        .filter(Boolean)
        .join(' · ');
    }
    case 'task.dispatched':
      return `Command sent to ${text(data.service)} (attempt ${text(data.attempt)})`;
    case 'task.result': {
      const outcome = statusLabel(text(data.outcome)).toLowerCase();
      const records =
        typeof data.recordsAffected === 'number'
          ? `, ${plural(data.recordsAffected, 'record', 'records')}`
          : '';
      const retention = record(data.retention);
      const retained = retention.basis ? ` — kept under ${retentionLabel(text(retention.basis))}` : '';
      return `${text(data.service)}: ${outcome}${records}${retained}${errorPart(data)}`;
    }
    case 'task.retry_scheduled':
      return `${text(data.service)} failed${errorPart(data)}; attempt ${text(data.nextAttempt)} at ${formatDateTime(text(data.at))}`;
    case 'task.gave_up':
      return `${text(data.service)} failed${errorPart(data)}; no retry (${text(data.reason)})`;
    case 'request.cancelled': {
      const cancelled = list(data.tasksCancelled);
      return [
        data.reason ? `“${text(data.reason)}”` : 'No reason given',
        cancelled ? `stopped: ${cancelled}` : '',
      ]
        .filter(Boolean)
        .join(' · ');
    }
    case 'request.extended':
      return `+${text(data.days)} days: due ${formatDate(text(data.previousDueAt))} → ${formatDate(text(data.dueAt))} · “${text(data.reason)}”`;
    case 'request.at_risk':
      return `Escalated: due ${formatDateTime(text(data.dueAt))}, still ${statusLabel(text(data.status)).toLowerCase()}`;
    case 'request.overdue':
      return `Escalated: the deadline ${formatDateTime(text(data.dueAt))} has passed`;
    case 'request.receipt_confirmation_overdue':
      return `Escalated: receipt was not confirmed by ${formatDateTime(text(data.dueAt))}`;
    case 'request.receipt_confirmed':
      return data.late === true
        ? 'Receipt confirmed to the consumer, late'
        : 'Receipt confirmed to the consumer';
    case 'escalation.delivered':
      return `Escalation webhook (${text(data.kind).replace(/_/g, ' ')}) answered HTTP ${text(data.httpStatus)}`;
    case 'request.retried':
      return `Operator retry of ${list(data.services) || 'the failed services'}`;
    case 'request.identities_shredded':
      return `Encrypted identities and their key destroyed, ${statusLabel(text(data.status)).toLowerCase()} ${formatDateTime(text(data.terminalAt))}; the keyed hashes stay`;
    case 'task.dispatch_refused':
      return `Command to ${text(data.service)} not sent (attempt ${text(data.attempt)}): ${text(data.code)}`;
    default:
      if (type.startsWith('request.') && typeof data.from === 'string' && Object.keys(data).length === 1) {
        return `from ${statusLabel(data.from).toLowerCase()}`;
      }
      return generic(data);
  }
}

/**
 * Anything else: short values as they are, lists joined, objects flattened one level.
 * @param {Record<string, unknown>} data
 */
function generic(data) {
  const parts = [];
  for (const [key, value] of Object.entries(data)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value))
      parts.push(`${key}: ${list(value) || plural(value.length, 'entry', 'entries')}`);
    else if (typeof value === 'object') {
      const flat = Object.entries(record(value))
        .filter(([, v]) => v !== null && typeof v !== 'object')
        .map(([k, v]) => `${k} ${String(v)}`)
        .join(', ');
      if (flat) parts.push(`${key}: ${flat}`);
    } else parts.push(`${key}: ${String(value)}`);
  }
  return parts.join(' · ');
}
