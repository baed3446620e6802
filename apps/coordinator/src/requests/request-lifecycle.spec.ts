import { TaskStatus } from '../tasks/task-lifecycle';
import {
  allTasksDone,
  canTransitionRequest,
  isOverdue,
  isRequestTerminal,
  OPEN_REQUEST_STATUSES,
  OPEN_REQUEST_STATUSES_SQL,
  REQUEST_STATUSES,
  requestStatusesLeadingTo,
  RequestStatus,
  settledRequestStatus,
  TaskProgress,
} from './request-lifecycle';

const LEGAL: Record<RequestStatus, readonly RequestStatus[]> = {
  received: ['in_progress', 'completed', 'needs_attention', 'cancelled'],
  in_progress: ['completed', 'needs_attention', 'cancelled'],
  needs_attention: ['in_progress', 'completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

const ALL_PAIRS = REQUEST_STATUSES.flatMap((from) =>
  REQUEST_STATUSES.map((to) => ({ from, to, legal: LEGAL[from].includes(to) })),
);

const DUE_AT = new Date('2027-02-15T09:30:00.000Z');
const ms = (offset: number) => new Date(DUE_AT.getTime() + offset);

describe('request-lifecycle', () => {
  it('knows exactly the five request statuses', () => {
    expect([...REQUEST_STATUSES].sort()).toEqual(
      ['cancelled', 'completed', 'in_progress', 'needs_attention', 'received'].sort(),
    );
    expect(ALL_PAIRS).toHaveLength(25);
  });

  describe(canTransitionRequest.name, () => {
    it.each(ALL_PAIRS)('$from → $to is legal: $legal', ({ from, to, legal }) => {
      expect(canTransitionRequest(from, to)).toBe(legal);
    });

    it('allows exactly 10 transitions in total', () => {
      expect(ALL_PAIRS.filter(({ from, to }) => canTransitionRequest(from, to))).toHaveLength(10);
    });

    it('never transitions a status to itself and never returns to received', () => {
      for (const status of REQUEST_STATUSES) {
        expect(canTransitionRequest(status, status)).toBe(false);
        expect(canTransitionRequest(status, 'received')).toBe(false);
      }
    });
  });

  describe(requestStatusesLeadingTo.name, () => {
    it.each(REQUEST_STATUSES)('lists exactly the statuses that may move to %s', (to) => {
      expect(requestStatusesLeadingTo(to).sort()).toEqual(
        REQUEST_STATUSES.filter((from) => LEGAL[from].includes(to)).sort(),
      );
    });

    it('accepts no terminal status for any move, so a stale writer never reopens a finished request', () => {
      for (const to of REQUEST_STATUSES) {
        expect(requestStatusesLeadingTo(to)).not.toContain('completed');
        expect(requestStatusesLeadingTo(to)).not.toContain('cancelled');
      }
    });
  });

  describe(isRequestTerminal.name, () => {
    it.each([
      ['received', false],
      ['in_progress', false],
      ['needs_attention', false],
      ['completed', true],
      ['cancelled', true],
    ] satisfies [RequestStatus, boolean][])('%s → %s', (status, terminal) => {
      expect(isRequestTerminal(status)).toBe(terminal);
    });
  });

  describe(isOverdue.name, () => {
    const open = REQUEST_STATUSES.filter((status) => !isRequestTerminal(status));
    const closed = REQUEST_STATUSES.filter(isRequestTerminal);

    it.each(open)('a %s request is not overdue before its deadline', (status) => {
      expect(isOverdue(status, DUE_AT, ms(-1))).toBe(false);
      expect(isOverdue(status, DUE_AT, new Date('2027-01-15T09:30:00.000Z'))).toBe(false);
    });

    it.each(open)('a %s request is not overdue at the exact deadline', (status) => {
      expect(isOverdue(status, DUE_AT, ms(0))).toBe(false);
    });

    it.each(open)('a %s request is overdue one millisecond after its deadline', (status) => {
      expect(isOverdue(status, DUE_AT, ms(1))).toBe(true);
      expect(isOverdue(status, DUE_AT, new Date('2028-01-01T00:00:00.000Z'))).toBe(true);
    });

    it.each(closed)('a %s request is never overdue, however late', (status) => {
      expect(isOverdue(status, DUE_AT, ms(1))).toBe(false);
      expect(isOverdue(status, DUE_AT, new Date('2030-01-01T00:00:00.000Z'))).toBe(false);
    });
  });

  describe(allTasksDone.name, () => {
    it.each<[string, TaskStatus[], boolean]>([
      ['no tasks at all', [], false],
      ['one deleted task', ['deleted'], true],
      ['every kind of done', ['deleted', 'not_found', 'retained'], true],
      ['one task still pending', ['deleted', 'pending'], false],
      ['one task still dispatched', ['not_found', 'dispatched'], false],
      ['one task failed', ['retained', 'failed'], false],
      ['one task cancelled', ['deleted', 'cancelled'], false],
      ['only unfinished tasks', ['pending', 'dispatched', 'failed'], false],
    ])('%s → %s', (_case, statuses, done) => {
      expect(allTasksDone(statuses)).toBe(done);
    });
  });

  describe(settledRequestStatus.name, () => {
    const RETRY_AT = new Date('2027-02-01T12:00:00.000Z');
    const task = (status: TaskStatus, nextAttemptAt: Date | null = null): TaskProgress => ({
      status,
      nextAttemptAt,
    });
    const stuck = task('failed');
    const retrying = task('failed', RETRY_AT);

    it.each<[string, TaskProgress[], ReturnType<typeof settledRequestStatus>]>([
      ['no tasks: a request without tasks never completes by itself', [], 'in_progress'],
      ['one deleted task', [task('deleted')], 'completed'],
      ['every kind of done', [task('deleted'), task('not_found'), task('retained')], 'completed'],
      ['done tasks with a stale retry time', [task('deleted', RETRY_AT), task('retained')], 'completed'],
      ['a failed task with no retry coming', [stuck], 'needs_attention'],
      [
        'a failed task with no retry coming among done ones',
        [task('deleted'), stuck, task('not_found')],
        'needs_attention',
      ],
      [
        'a failed task with no retry coming beside a pending one',
        [task('pending'), stuck],
        'needs_attention',
      ],
      [
        'a failed task with no retry coming beside a dispatched one',
        [task('dispatched'), stuck],
        'needs_attention',
      ],
      ['a stuck task beside one with a retry scheduled', [retrying, stuck], 'needs_attention'],
      ['a failed task with a retry scheduled', [retrying], 'in_progress'],
      ['a retry scheduled and the rest done', [task('deleted'), retrying, task('retained')], 'in_progress'],
      ['a retry scheduled beside a dispatched task', [retrying, task('dispatched')], 'in_progress'],
      ['a pending task', [task('pending')], 'in_progress'],
      ['a dispatched task', [task('dispatched')], 'in_progress'],
      ['a pending task and the rest done', [task('deleted'), task('pending')], 'in_progress'],
      ['a dispatched task and the rest done', [task('not_found'), task('dispatched')], 'in_progress'],
      ['a cancelled task, which never counts as done', [task('deleted'), task('cancelled')], 'in_progress'],
    ])('%s → %s', (_case, tasks, expected) => {
      expect(settledRequestStatus(tasks)).toBe(expected);
    });

    it('does not depend on the order of the tasks', () => {
      const tasks = [task('deleted'), task('pending'), stuck, retrying];
      expect(settledRequestStatus(tasks)).toBe('needs_attention');
      expect(settledRequestStatus([...tasks].reverse())).toBe('needs_attention');
    });
  });
});

describe('OPEN_REQUEST_STATUSES_SQL', () => {
  it('lists exactly the non-terminal statuses, as the partial indexes on open requests spell them', () => {
    expect(OPEN_REQUEST_STATUSES).toEqual(REQUEST_STATUSES.filter((status) => !isRequestTerminal(status)));
    expect(OPEN_REQUEST_STATUSES_SQL).toBe("('received', 'in_progress', 'needs_attention')");
  });
});
