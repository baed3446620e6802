// @ts-check
/** Bulk: every bulk upload, newest first, each with a progress bar; refreshed while any job is still running. */
import { bulkJobSummary } from './bulk-format.js';
import { h, replaceChildren } from './dom.js';
import { formatDateTime, regulationLabel, shortId } from './format.js';
import { emptyState, errorNotice, pageHeader } from './ui.js';

/** @typedef {import('./app.js').Context} Context */
/** @typedef {import('./app.js').View} View */
/** @typedef {import('./bulk-format.js').BulkJob} BulkJob */

/** Bulk jobs are not in the live feed (their lines would flood it); the page polls while one runs. */
const REFRESH_MS = 2_000;

/**
 * @param {Context} context
 * @returns {View}
 */
export function bulkView(context) {
  const root = h('div', {}, pageHeader('Bulk erasure', 'Loading…'));
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let disposed = false;

  async function load() {
    clearTimeout(timer);
    try {
      const page = /** @type {{items: BulkJob[]}} */ (
        await context.api.get('/v1/erasure-requests/bulk?limit=50')
      );
      if (disposed) return;
      render(page.items);
      if (page.items.some((job) => !job.progress.finished)) timer = setTimeout(() => void load(), REFRESH_MS);
    } catch (error) {
      replaceChildren(root, pageHeader('Bulk erasure'), errorNotice(error));
    }
  }

  /** @param {BulkJob[]} jobs */
  function render(jobs) {
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
    );
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
