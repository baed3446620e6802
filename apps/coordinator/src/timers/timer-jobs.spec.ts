import { DeadlineKind, TIMER_QUEUE, TimerJob, timerJobId } from './timer-jobs';

const TASK = '5d0c7f0e-8a34-4c55-b1a3-0c0e3a1f9b21';
const OTHER_TASK = '5d0c7f0e-8a34-4c55-b1a3-0c0e3a1f9b22';
const REQUEST = 'c7a1e2d3-4b5c-4d6e-8f70-8192a3b4c5d6';
const OTHER_REQUEST = 'c7a1e2d3-4b5c-4d6e-8f70-8192a3b4c5d7';
const DUE_AT = '2027-02-15T09:30:00.000Z';
const KINDS: DeadlineKind[] = ['at_risk', 'overdue', 'receipt_confirmation_overdue'];

const ack = (taskId: string, attempt: number): TimerJob => ({
  name: 'task.ack-timeout',
  data: { taskId, attempt },
});
const retry = (taskId: string, attempt: number): TimerJob => ({
  name: 'task.retry',
  data: { taskId, attempt },
});
const deadline = (requestId: string, kind: DeadlineKind, dueAt: string): TimerJob => ({
  name: 'request.deadline',
  data: { requestId, kind, dueAt },
});

/** Every job built from two of each input, so that any input left out of the id shows up as a collision. */
const ALL_JOBS: TimerJob[] = [
  ...[TASK, OTHER_TASK].flatMap((taskId) =>
    [1, 2, 12].flatMap((attempt) => [ack(taskId, attempt), retry(taskId, attempt)]),
  ),
  ...[REQUEST, OTHER_REQUEST].flatMap((requestId) =>
    KINDS.flatMap((kind) =>
      [DUE_AT, '2027-02-15T09:30:00.001Z', '2027-04-15T09:30:00.000Z'].map((dueAt) =>
        deadline(requestId, kind, dueAt),
      ),
    ),
  ),
];

describe('timer-jobs', () => {
  describe(timerJobId.name, () => {
    // ids of jobs already waiting in Redis must keep matching, or a deploy schedules every timer twice
    it.each<[string, TimerJob, string]>([
      ['an acknowledgement timeout', ack(TASK, 3), `ack.${TASK}.3`],
      ['a retry', retry(TASK, 3), `retry.${TASK}.3`],
      [
        'an at-risk deadline',
        deadline(REQUEST, 'at_risk', DUE_AT),
        `deadline.${REQUEST}.at_risk.1802683800000`,
      ],
      [
        'an overdue deadline',
        deadline(REQUEST, 'overdue', DUE_AT),
        `deadline.${REQUEST}.overdue.1802683800000`,
      ],
    ])('names %s', (_case, job, id) => {
      expect(timerJobId(job)).toBe(id);
    });

    it('is deterministic: equal jobs built separately get the same id', () => {
      for (const job of ALL_JOBS) {
        const copy = JSON.parse(JSON.stringify(job)) as TimerJob;
        expect(timerJobId(copy)).toBe(timerJobId(job));
      }
    });

    it('gives one id per instant, however the due date is written', () => {
      const spellings = ['2027-02-15T09:30:00.000Z', '2027-02-15T09:30:00Z', '2027-02-15T10:30:00.000+01:00'];
      const ids = new Set(spellings.map((dueAt) => timerJobId(deadline(REQUEST, 'at_risk', dueAt))));
      expect(ids.size).toBe(1);
    });

    it('gives every distinct job its own id: per job kind, task or request, attempt, deadline kind and due date', () => {
      expect(ALL_JOBS).toHaveLength(2 * 3 * 2 + 2 * KINDS.length * 3);
      expect(new Set(ALL_JOBS.map(timerJobId)).size).toBe(ALL_JOBS.length);
    });

    it('separates an acknowledgement timeout from a retry of the same attempt', () => {
      expect(timerJobId(ack(TASK, 2))).not.toBe(timerJobId(retry(TASK, 2)));
    });

    it('gives an extended deadline a new id, so its timers are scheduled afresh', () => {
      expect(timerJobId(deadline(REQUEST, 'overdue', DUE_AT))).not.toBe(
        timerJobId(deadline(REQUEST, 'overdue', '2027-04-15T09:30:00.000Z')),
      );
    });

    it.each(ALL_JOBS.map((job) => [timerJobId(job), job] as const))(
      'produces an id BullMQ accepts: %s',
      (_id, job) => {
        const id = timerJobId(job);
        // BullMQ refuses custom ids containing ':' (its key separator) and ids that read as integers
        expect(id).not.toContain(':');
        expect(`${parseInt(id, 10)}`).not.toBe(id);
        expect(id).not.toMatch(/NaN|undefined/);
      },
    );
  });

  it('names a queue BullMQ accepts', () => {
    expect(TIMER_QUEUE).toBe('lethe-timers');
    expect(TIMER_QUEUE).not.toContain(':');
  });
});
