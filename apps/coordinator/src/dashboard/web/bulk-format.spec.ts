// The Bulk page's pure formatting, run without a browser (the module is plain JS, type-checked by web/tsconfig.json).
// @ts-expect-error -- a JS module without declarations
import { bulkJobSummary, percentOf } from './bulk-format.js';

const job = (overrides: Record<string, unknown> = {}) => ({
  id: 'c0ffee00-0000-4000-8000-000000000000',
  status: 'processing',
  regulation: 'ccpa',
  dryRun: false,
  format: 'csv',
  createdBy: 'api-key:privacy-desk',
  createdAt: '2027-03-10T12:00:00Z',
  receivedAt: '2027-03-10T12:00:05Z',
  finishedAt: null,
  abortReason: null,
  lines: { read: 1000, accepted: 990, rejected: 10 },
  requests: { created: 400, duplicates: 1, pending: 589, completed: 100 },
  progress: { intake: 0.405, completion: 0.25, overall: 0.1316, finished: false },
  ...overrides,
});

describe('bulk job formatting', () => {
  it.each([
    [0, 0],
    [0.1316, 13],
    [0.999, 99],
    [1, 100],
    [3, 100],
    [-1, 0],
    [Number.NaN, 0],
  ])('shows %p as %p%', (fraction, percent) => {
    expect(percentOf(fraction)).toBe(percent);
  });

  it('says what a running job has done, and flags rejected lines', () => {
    expect(bulkJobSummary(job())).toEqual({
      percent: 13,
      tone: 'progress-attention',
      status: 'Creating requests',
      label: '13% · 400 created, 100 completed, 589 waiting, 1 duplicate skipped',
      lines: '1000 lines · 990 accepted · 10 rejected',
    });
  });

  it('marks a finished job complete and an aborted one stopped', () => {
    const finished = job({
      status: 'done',
      lines: { read: 3, accepted: 3, rejected: 0 },
      requests: { created: 3, duplicates: 0, pending: 0, completed: 3 },
      progress: { intake: 1, completion: 1, overall: 1, finished: true },
    });
    expect(bulkJobSummary(finished)).toMatchObject({
      percent: 100,
      tone: 'progress-complete',
      label: '100% · 3 created, 3 completed',
    });
    const aborted = job({
      status: 'aborted',
      abortReason: 'upload interrupted',
      progress: { overall: 0, finished: true },
    });
    expect(bulkJobSummary(aborted)).toMatchObject({
      tone: 'progress-stopped',
      status: 'Aborted',
      label: '0% · aborted: upload interrupted; nothing of it was kept',
    });
  });
});
