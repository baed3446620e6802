// @ts-check
/**
 * Bulk: every bulk upload, newest first, each with a progress bar and, when lines were rejected, those lines
 * with their line numbers and reasons (fetched when opened, a page at a time); refreshed while any job still runs.
 */
import { bulkJobSummary } from './bulk-format.js';
import { h, replaceChildren } from './dom.js';
import { formatDateTime, regulationLabel, shortId } from './format.js';
import { emptyState, errorNotice, pageHeader } from './ui.js';

/** @typedef {import('./app.js').Context} Context */
/** @typedef {import('./app.js').View} View */
/** @typedef {import('./bulk-format.js').BulkJob} BulkJob */

/**
 * Bulk jobs are not in the live feed (their lines would flood it): the page polls, often while a job runs and
 * slowly otherwise, so a list uploaded from elsewhere (`lethe bulk submit`) appears without a reload.
 */
const REFRESH_MS = 2_000;
const IDLE_REFRESH_MS = 10_000;
/** Rejected lines fetched per click: a list with millions of bad lines is read a page at a time. */
const REJECTED_PAGE = 100;

/** @typedef {{line: number, reason: string}} RejectedLine */
/** @typedef {{items: RejectedLine[], next: number | null, loading: boolean, error: unknown}} RejectedState */

/**
 * @param {Context} context
 * @returns {View}
 */
export function bulkView(context) {
  const root = h('div', {}, pageHeader('Bulk erasure', 'Loading…'));
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let disposed = false;
  /** @type {BulkJob[]} */
  let shown = [];
  /**
   * The rejected lines of the jobs whose list is open, kept across refreshes so a poll neither closes the list
   * nor fetches it again.
   * @type {Map<string, RejectedState>}
   */
  const rejected = new Map();

  async function load() {
    clearTimeout(timer);
    try {
      const page = /** @type {{items: BulkJob[]}} */ (
        await context.api.get('/v1/erasure-requests/bulk?limit=50')
      );
      if (disposed) return;
      render(page.items);
      const running = page.items.some((job) => !job.progress.finished);
      timer = setTimeout(() => void load(), running ? REFRESH_MS : IDLE_REFRESH_MS);
    } catch (error) {
      if (disposed) return;
      replaceChildren(root, pageHeader('Bulk erasure'), errorNotice(error));
      timer = setTimeout(() => void load(), IDLE_REFRESH_MS);
    }
  }

  /** @param {BulkJob[]} jobs */
  function render(jobs) {
    shown = jobs;
    replaceChildren(
      root,
      pageHeader(
        'Bulk erasure',
        'Lists uploaded to POST /v1/erasure-requests/bulk or with `lethe bulk submit`, newest first',
      ),
      h(
        'section',
        { class: 'card', 'aria-label': 'Bulk jobs' },
        jobs.length === 0
          ? emptyState('No bulk uploads yet', 'Upload an NDJSON or CSV list to create many requests at once.')
          : h('ul', { class: 'bulk-jobs', id: 'bulk-jobs' }, jobs.map(item)),
      ),
    );
  }

  /** @param {BulkJob} job */
  function item(job) {
    const summary = bulkJobSummary(job);
    const fill = h('div', { class: 'progress-fill' });
    fill.style.width = `${summary.percent}%`;
    return h(
      'li',
      { class: 'bulk-job', 'data-bulk-job': job.id },
      h(
        'div',
        { class: 'request-ref' },
        h('strong', {}, `${regulationLabel(job.regulation)} list ${shortId(job.id)}`),
        h(
          'span',
          { class: 'muted' },
          `${summary.status}${job.dryRun ? ' · dry run' : ''} · ${job.format.toUpperCase()} · ${formatDateTime(job.createdAt)} · ${job.createdBy}`,
        ),
      ),
      h(
        'div',
        { class: `progress progress-large ${summary.tone}` },
        h(
          'div',
          {
            class: 'progress-track',
            role: 'progressbar',
            'aria-valuemin': 0,
            'aria-valuemax': 100,
            'aria-valuenow': summary.percent,
            'aria-label': summary.label,
          },
          fill,
        ),
        h('span', { class: 'progress-text', 'aria-hidden': 'true' }, `${summary.percent}%`),
      ),
      h('p', { class: 'muted' }, `${summary.lines} · ${summary.label}`),
      job.lines.rejected > 0 ? rejectedLines(job) : null,
    );
  }

  /** @param {BulkJob} job */
  function rejectedLines(job) {
    const state = rejected.get(job.id);
    const count = job.lines.rejected;
    const details = h(
      'details',
      { class: 'bulk-rejected', open: state !== undefined, id: `bulk-rejected-${job.id}` },
      h('summary', {}, `Rejected lines (${count.toLocaleString('en')})`),
      state ? rejectedBody(job, state) : null,
    );
    details.addEventListener('toggle', () => {
      if (!(/** @type {HTMLDetailsElement} */ (details).open)) {
        rejected.delete(job.id);
      } else if (!rejected.has(job.id)) {
        void loadRejected(job.id, 0);
      }
    });
    return details;
  }

  /**
   * @param {BulkJob} job
   * @param {RejectedState} state
   */
  function rejectedBody(job, state) {
    return h(
      'div',
      {},
      state.items.length > 0
        ? h(
            'table',
            { class: 'bulk-rejected-table' },
            h(
              'thead',
              {},
              h('tr', {}, h('th', { scope: 'col' }, 'Line'), h('th', { scope: 'col' }, 'Reason')),
            ),
            h(
              'tbody',
              {},
              state.items.map((line) =>
                h(
                  'tr',
                  { 'data-line': line.line },
                  h('td', { 'data-label': 'Line' }, line.line.toLocaleString('en')),
                  h('td', { 'data-label': 'Reason' }, line.reason),
                ),
              ),
            ),
          )
        : null,
      state.loading ? h('p', { class: 'muted' }, 'Loading…') : null,
      state.error ? errorNotice(state.error) : null,
      !state.loading && state.next !== null
        ? h(
            'button',
            {
              type: 'button',
              class: 'button',
              onclick: () => void loadRejected(job.id, /** @type {number} */ (state.next)),
            },
            `Show more (${(job.lines.rejected - state.items.length).toLocaleString('en')} left)`,
          )
        : null,
    );
  }

  /**
   * Fetches the rejected lines after line `after` and shows them under those already shown.
   * @param {string} id
   * @param {number} after
   */
  async function loadRejected(id, after) {
    const state = rejected.get(id) ?? { items: [], next: null, loading: false, error: null };
    rejected.set(id, { ...state, loading: true, error: null });
    render(shown);
    try {
      const job = /** @type {{rejected: {items: RejectedLine[], nextRejectedAfter: number | null}}} */ (
        await context.api.get(
          `/v1/erasure-requests/bulk/${encodeURIComponent(id)}?rejectedAfter=${after}&rejectedLimit=${REJECTED_PAGE}`,
        )
      );
      if (disposed || !rejected.has(id)) return;
      rejected.set(id, {
        items: [...state.items, ...job.rejected.items],
        next: job.rejected.nextRejectedAfter,
        loading: false,
        error: null,
      });
    } catch (error) {
      if (disposed || !rejected.has(id)) return;
      rejected.set(id, { ...state, loading: false, error });
    }
    render(shown);
  }

  return {
    element: root,
    load,
    onResync: load,
    dispose: () => {
      disposed = true;
      clearTimeout(timer);
    },
  };
}
