import {
  canRetainUnderHold,
  canTransitionTask,
  HOLD_RETAINABLE_STATUSES,
  isTaskDone,
  isTaskTerminal,
  taskStatusesLeadingTo,
  TASK_DONE_STATUSES,
  TASK_STATUSES,
  TaskStatus,
} from './task-lifecycle';

/** The whole state machine, spelled out: every pair not listed here must be rejected. */
const LEGAL: Record<TaskStatus, readonly TaskStatus[]> = {
  pending: ['dispatched', 'cancelled'],
  dispatched: ['dispatched', 'waiting', 'deleted', 'not_found', 'retained', 'failed', 'cancelled'],
  waiting: ['waiting', 'deleted', 'not_found', 'retained', 'failed', 'cancelled'],
  failed: ['dispatched', 'deleted', 'not_found', 'retained', 'cancelled'],
  deleted: [],
  not_found: [],
  retained: [],
  cancelled: [],
};

const ALL_PAIRS = TASK_STATUSES.flatMap((from) =>
  TASK_STATUSES.map((to) => ({ from, to, legal: LEGAL[from].includes(to) })),
);

describe('task-lifecycle', () => {
  it('knows exactly the eight task statuses', () => {
    expect([...TASK_STATUSES].sort()).toEqual(
      ['cancelled', 'deleted', 'dispatched', 'failed', 'not_found', 'pending', 'retained', 'waiting'].sort(),
    );
    expect(ALL_PAIRS).toHaveLength(64);
  });

  describe(canTransitionTask.name, () => {
    it.each(ALL_PAIRS)('$from → $to is legal: $legal', ({ from, to, legal }) => {
      expect(canTransitionTask(from, to)).toBe(legal);
    });

    it('allows exactly 20 transitions in total', () => {
      expect(ALL_PAIRS.filter(({ from, to }) => canTransitionTask(from, to))).toHaveLength(20);
    });

    it('waits only on a dispatch a target accepted, and a wait ends in an outcome or is cancelled', () => {
      expect(taskStatusesLeadingTo('waiting').sort()).toEqual(['dispatched', 'waiting']);
      expect(canTransitionTask('pending', 'waiting')).toBe(false);
      expect(canTransitionTask('failed', 'waiting')).toBe(false);
      for (const to of ['deleted', 'not_found', 'retained', 'failed', 'cancelled'] as const) {
        expect(canTransitionTask('waiting', to)).toBe(true);
      }
      // a waiting target is not re-dispatched behind its back: an overdue wait fails first, then retries
      expect(canTransitionTask('waiting', 'dispatched')).toBe(false);
      expect(isTaskDone('waiting')).toBe(false);
      expect(isTaskTerminal('waiting')).toBe(false);
    });

    it('lets a silent service be re-dispatched and a failed task be retried', () => {
      expect(canTransitionTask('dispatched', 'dispatched')).toBe(true);
      expect(canTransitionTask('failed', 'dispatched')).toBe(true);
    });

    it('never moves a task back to pending and never repeats a failure', () => {
      for (const from of TASK_STATUSES) expect(canTransitionTask(from, 'pending')).toBe(false);
      expect(canTransitionTask('failed', 'failed')).toBe(false);
    });

    it('does not let a pending task report a result before it was dispatched', () => {
      for (const to of ['deleted', 'not_found', 'retained', 'failed'] as const) {
        expect(canTransitionTask('pending', to)).toBe(false);
      }
    });
  });

  describe(isTaskDone.name, () => {
    it.each([
      ['pending', false],
      ['dispatched', false],
      ['waiting', false],
      ['deleted', true],
      ['not_found', true],
      ['retained', true],
      ['failed', false],
      ['cancelled', false],
    ] satisfies [TaskStatus, boolean][])('%s → %s', (status, done) => {
      expect(isTaskDone(status)).toBe(done);
    });

    it('agrees with TASK_DONE_STATUSES', () => {
      expect([...TASK_DONE_STATUSES].sort()).toEqual(['deleted', 'not_found', 'retained']);
    });
  });

  describe(isTaskTerminal.name, () => {
    it.each([
      ['pending', false],
      ['dispatched', false],
      ['waiting', false],
      ['deleted', true],
      ['not_found', true],
      ['retained', true],
      ['failed', false],
      ['cancelled', true],
    ] satisfies [TaskStatus, boolean][])('%s → %s', (status, terminal) => {
      expect(isTaskTerminal(status)).toBe(terminal);
    });

    it('treats every done status as terminal, and cancelled as terminal without being done', () => {
      for (const status of TASK_DONE_STATUSES) expect(isTaskTerminal(status)).toBe(true);
      expect(isTaskTerminal('cancelled')).toBe(true);
      expect(isTaskDone('cancelled')).toBe(false);
    });
  });

  describe(taskStatusesLeadingTo.name, () => {
    it.each(TASK_STATUSES)('lists exactly the statuses that may move to %s', (to) => {
      expect(taskStatusesLeadingTo(to).sort()).toEqual(
        TASK_STATUSES.filter((from) => LEGAL[from].includes(to)).sort(),
      );
    });

    it('accepts nothing for pending, so no guarded update can ever move a task back', () => {
      expect(taskStatusesLeadingTo('pending')).toEqual([]);
    });
  });
});

describe('retention under a legal hold', () => {
  it.each(TASK_STATUSES)('%s can be retained by a hold only while pending', (from) => {
    expect(canRetainUnderHold(from)).toBe(from === 'pending');
  });

  it('ends in a done status, so a held request completes', () => {
    expect(isTaskDone('retained')).toBe(true);
    expect(HOLD_RETAINABLE_STATUSES).toEqual(['pending']);
  });

  it('is no transition of the result machine: a result still cannot reach a pending task', () => {
    expect(canTransitionTask('pending', 'retained')).toBe(false);
  });
});
