import { REQUEST_STATUSES } from '../requests/request-lifecycle';
import { TASK_STATUSES } from '../tasks/task-lifecycle';
import { OPENDSR_STATUSES, OpenDsrStatus } from './opendsr-protocol';
import { openDsrStatusOf, statusesToAnnounce, toOpenDsrStatus } from './opendsr-status';

describe(toOpenDsrStatus.name, () => {
  it.each([
    ['received', [], 'pending'],
    ['received', ['pending', 'pending'], 'pending'],
    ['in_progress', ['dispatched', 'pending'], 'pending'],
    ['in_progress', ['dispatched', 'deleted'], 'in_progress'],
    ['in_progress', ['failed'], 'in_progress'],
    ['needs_attention', ['failed', 'deleted'], 'in_progress'],
    ['completed', ['deleted', 'retained', 'not_found'], 'completed'],
    ['cancelled', ['dispatched', 'cancelled'], 'cancelled'],
  ] as const)('%s with tasks %j is %s', (status, tasks, expected) => {
    expect(toOpenDsrStatus(status, tasks)).toBe(expected);
  });

  it('maps every Lethe status, whatever the tasks, to an OpenDSR status', () => {
    for (const status of REQUEST_STATUSES) {
      for (const acted of [true, false]) expect(OPENDSR_STATUSES).toContain(openDsrStatusOf(status, acted));
    }
  });

  it('counts every task status past dispatched as a service having acted', () => {
    for (const task of TASK_STATUSES) {
      const expected = task === 'pending' || task === 'dispatched' ? 'pending' : 'in_progress';
      expect(toOpenDsrStatus('in_progress', [task])).toBe(expected);
    }
  });
});

describe(statusesToAnnounce.name, () => {
  it.each([
    [null, 'pending', ['pending']],
    [null, 'in_progress', ['pending', 'in_progress']],
    [null, 'completed', ['pending', 'in_progress', 'completed']],
    [null, 'cancelled', ['pending', 'cancelled']],
    ['pending', 'pending', []],
    ['pending', 'in_progress', ['in_progress']],
    ['pending', 'completed', ['in_progress', 'completed']],
    ['pending', 'cancelled', ['cancelled']],
    ['in_progress', 'in_progress', []],
    ['in_progress', 'completed', ['completed']],
    ['in_progress', 'cancelled', ['cancelled']],
    ['in_progress', 'pending', []],
    ['completed', 'cancelled', []],
    ['cancelled', 'completed', []],
  ] as [OpenDsrStatus | null, OpenDsrStatus, OpenDsrStatus[]][])(
    '%s → %s announces %j',
    (from, to, steps) => {
      expect(statusesToAnnounce(from, to)).toEqual(steps);
    },
  );
});
