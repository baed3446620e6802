import { REGULATIONS } from '../../deadlines/deadline-policy';
import { extensionRule } from '../../deadlines/extension-rules';
import { OPEN_REQUEST_STATUSES, REQUEST_STATUSES } from '../../requests/request-lifecycle';
import { TASK_DONE_STATUSES, TASK_STATUSES } from '../../tasks/task-lifecycle';
import { dashboardMeta } from './dashboard-meta';

describe('dashboardMeta', () => {
  const meta = dashboardMeta();

  it('lists every request status once, open ones first, and marks the open ones as the lifecycle does', () => {
    expect(meta.requestStatuses.map((entry) => entry.status)).toEqual([
      'received',
      'in_progress',
      'needs_attention',
      'completed',
      'cancelled',
    ]);
    expect([...meta.requestStatuses.map((entry) => entry.status)].sort()).toEqual(
      [...REQUEST_STATUSES].sort(),
    );
    expect(meta.requestStatuses.filter((entry) => entry.open).map((entry) => entry.status)).toEqual([
      ...OPEN_REQUEST_STATUSES,
    ]);
    expect(meta.requestStatuses.find((entry) => entry.status === 'needs_attention')?.label).toBe(
      'Needs attention',
    );
  });

  it('lists every task status once, with done and terminal as the lifecycle says', () => {
    expect(meta.taskStatuses.map((entry) => entry.status)).toEqual([...TASK_STATUSES]);
    expect(meta.taskStatuses.filter((entry) => entry.done).map((entry) => entry.status)).toEqual([
      ...TASK_DONE_STATUSES,
    ]);
    expect(meta.taskStatuses.filter((entry) => !entry.terminal).map((entry) => entry.status)).toEqual([
      'pending',
      'dispatched',
      'waiting',
      'failed',
    ]);
    expect(meta.taskStatuses.find((entry) => entry.status === 'not_found')?.label).toBe('Not found');
  });

  it('labels the service states GET /v1/services reports', () => {
    expect(meta.serviceStates).toEqual([
      { state: 'active', label: 'Active' },
      { state: 'stale', label: 'Stale' },
      { state: 'retired', label: 'Retired' },
    ]);
  });

  it('gives each regulation its law and the extension rule the policy enforces', () => {
    expect(meta.regulations).toEqual(
      REGULATIONS.map((regulation) => ({
        regulation,
        label: regulation.toUpperCase(),
        law: regulation === 'gdpr' ? 'GDPR Art. 17' : 'CCPA §1798.105',
        extension: extensionRule(regulation),
      })),
    );
    expect(meta.extensionDays).toEqual({ min: 1, max: 92 });
  });

  it('is plain data: it survives JSON as it is', () => {
    expect(JSON.parse(JSON.stringify(meta))).toEqual(meta);
  });
});
