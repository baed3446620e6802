import { BulkCounters, bulkProgress, overallFraction, progressBar } from './bulk-progress';

const counters = (overrides: Partial<BulkCounters>): BulkCounters => ({
  status: 'processing',
  linesRead: 10,
  accepted: 8,
  rejected: 2,
  requestsCreated: 0,
  duplicates: 0,
  completed: 0,
  ...overrides,
});

describe('bulkProgress', () => {
  it('counts created and duplicate lines as handled, and completion over created requests', () => {
    expect(bulkProgress(counters({ requestsCreated: 3, duplicates: 1, completed: 3 }))).toEqual({
      intake: 0.5,
      completion: 1,
      pendingLines: 4,
      finished: false,
    });
  });

  it('is finished when done and every created request completed, or when aborted', () => {
    expect(
      bulkProgress(counters({ status: 'done', requestsCreated: 7, duplicates: 1, completed: 7 })).finished,
    ).toBe(true);
    expect(
      bulkProgress(counters({ status: 'done', requestsCreated: 7, duplicates: 1, completed: 6 })).finished,
    ).toBe(false);
    expect(bulkProgress(counters({ status: 'aborted' })).finished).toBe(true);
  });

  it('treats a job without accepted lines as fully taken in once done', () => {
    expect(bulkProgress(counters({ status: 'done', accepted: 0, rejected: 10 }))).toMatchObject({
      intake: 1,
      completion: 0,
      pendingLines: 0,
      finished: true,
    });
    expect(bulkProgress(counters({ status: 'queued', accepted: 0 })).intake).toBe(0);
  });

  it('never goes past 1 or below 0', () => {
    const odd = bulkProgress(counters({ accepted: 2, requestsCreated: 5, completed: 9 }));
    expect(odd.intake).toBe(1);
    expect(odd.completion).toBe(1);
    expect(odd.pendingLines).toBe(0);
  });
});

describe('overallFraction', () => {
  it('weighs intake as a tenth and completion as the rest', () => {
    expect(overallFraction(counters({ requestsCreated: 0 }))).toBe(0);
    expect(overallFraction(counters({ requestsCreated: 8 }))).toBeCloseTo(0.1);
    expect(overallFraction(counters({ requestsCreated: 8, completed: 4 }))).toBeCloseTo(0.55);
    expect(overallFraction(counters({ status: 'done', requestsCreated: 8, completed: 8 }))).toBe(1);
    expect(
      overallFraction(counters({ status: 'done', accepted: 3, requestsCreated: 0, duplicates: 3 })),
    ).toBe(1);
  });
});

describe('progressBar', () => {
  it.each([
    [0, '[----------]   0%'],
    [0.5, '[#####-----]  50%'],
    [0.999, '[##########]  99%'],
    [1, '[##########] 100%'],
    [7, '[##########] 100%'],
    [-1, '[----------]   0%'],
    [Number.NaN, '[----------]   0%'],
  ])('draws %p as %s', (fraction, bar) => {
    expect(progressBar(fraction, 10)).toBe(bar);
  });
});
