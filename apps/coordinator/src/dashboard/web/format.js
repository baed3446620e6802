// @ts-check
/** Formatting of dates, durations and labels, in the reader's locale. Pure. */

const DAY_MS = 24 * 60 * 60 * 1000;

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const numberFormat = new Intl.NumberFormat();

/** @param {string | null | undefined} iso */
export function formatDate(iso) {
  return iso ? dateFormat.format(new Date(iso)) : '—';
}

/** @param {string | null | undefined} iso */
export function formatDateTime(iso) {
  return iso ? dateTimeFormat.format(new Date(iso)) : '—';
}

const shortDateTimeFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/**
 * Compact, for table cells: the time alone when it is today, otherwise day, month and time.
 * @param {string | null | undefined} iso
 * @param {number} now
 */
export function formatWhen(iso, now) {
  if (!iso) return '—';
  const date = new Date(iso);
  return date.toDateString() === new Date(now).toDateString()
    ? timeFormat.format(date)
    : shortDateTimeFormat.format(date);
}

/** @param {string | null | undefined} iso */
export function formatTime(iso) {
  return iso ? timeFormat.format(new Date(iso)) : '—';
}

/** @param {number} value */
export function formatNumber(value) {
  return numberFormat.format(value);
}

/** @param {number | null} rate 0..1 */
export function formatPercent(rate) {
  if (rate === null) return '—';
  const percent = rate * 100;
  return `${percent === 100 || percent === 0 ? percent.toFixed(0) : percent.toFixed(1)}%`;
}

/**
 * A duration the way a person says it: "850 ms", "12 s", "4 min", "3 h 20 min", "2.5 days".
 * @param {number | null} ms
 */
export function formatDuration(ms) {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const minutes = seconds / 60;
  if (minutes < 60) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 24) {
    const whole = Math.floor(hours);
    const rest = Math.round(minutes - whole * 60);
    return rest === 0 ? `${whole} h` : `${whole} h ${rest} min`;
  }
  const days = hours / 24;
  return `${days < 10 ? days.toFixed(1) : Math.round(days)} days`;
}

/**
 * "12 s ago", "5 min ago", "3 h ago", "2 days ago".
 * @param {string} iso
 * @param {number} now
 */
export function formatAgo(iso, now) {
  const ms = Math.max(0, now - new Date(iso).getTime());
  if (ms < 5000) return 'just now';
  return `${formatDuration(ms).replace(/\.\d/, '')} ago`;
}

/**
 * Whole calendar days until a due date, and how to say it.
 * @param {string} dueAt
 * @param {number} now
 * @returns {{days: number, label: string, tone: 'overdue' | 'soon' | 'normal'}}
 */
export function daysLeft(dueAt, now) {
  const due = new Date(dueAt).getTime();
  if (due < now) {
    const late = Math.max(1, Math.floor((now - due) / DAY_MS));
    return { days: -late, label: `${late} ${late === 1 ? 'day' : 'days'} overdue`, tone: 'overdue' };
  }
  const days = Math.floor((due - now) / DAY_MS);
  if (days === 0) return { days, label: 'due today', tone: 'soon' };
  return { days, label: `${days} ${days === 1 ? 'day' : 'days'} left`, tone: days <= 7 ? 'soon' : 'normal' };
}

/** @type {Record<string, string>} */
const STATUS_LABELS = {
  received: 'Received',
  in_progress: 'In progress',
  completed: 'Completed',
  needs_attention: 'Needs attention',
  cancelled: 'Cancelled',
  pending: 'Pending',
  dispatched: 'Dispatched',
  waiting: 'Waiting on the target',
  deleted: 'Deleted',
  not_found: 'Not found',
  retained: 'Retained',
  failed: 'Failed',
  active: 'Active',
  stale: 'Stale',
  retired: 'Retired',
};

/** @param {string} status */
export function statusLabel(status) {
  return STATUS_LABELS[status] ?? status;
}

/**
 * A retention basis as a person reads it: `gdpr-art17-3b-legal-obligation` → `Art. 17(3)(b) legal obligation`;
 * named rules (e.g. `tax-law`) as they are.
 * @param {string} basis
 */
export function retentionLabel(basis) {
  const article = /^gdpr-art17-3([a-e])(?:-(.+))?$/.exec(basis);
  if (!article) return basis.replace(/-/g, ' ');
  return `Art. 17(3)(${article[1]})${article[2] ? ` ${article[2].replace(/-/g, ' ')}` : ''}`;
}

/** @param {string} regulation */
export function regulationLabel(regulation) {
  return regulation.toUpperCase();
}

/** The first block of a UUID: enough to recognise a request on screen. @param {string} id */
export function shortId(id) {
  return id.slice(0, 8);
}

/** "task.result" → "Task result", "request.needs_attention" → "Request needs attention". @param {string} type */
export function eventLabel(type) {
  const words = type.replace(/[._-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
