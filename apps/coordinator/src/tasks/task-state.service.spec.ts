import { EntityManager } from 'typeorm';
import { LedgerRepository, NewAuditEvent } from '../ledger/ledger.repository';
import { RequestStatus } from '../requests/request-lifecycle';
import { ErasureRequestRepository } from './erasure-request.repository';
import { ErasureTaskEntity } from './erasure-task.entity';
import { ErasureTaskRepository, TaskProgressRow, TaskStatusChange } from './erasure-task.repository';
import { TaskStateService } from './task-state.service';
import { TaskStatus } from './task-lifecycle';

const NOW = new Date('2027-01-20T12:00:00.000Z');
const manager = {} as EntityManager;

/** Repositories over in-memory rows that honour the guard, as the SQL does. */
function stateOver(taskRows: { id: string; requestId: string; service: string; status: TaskStatus }[]) {
  const requestStatus = new Map<string, RequestStatus>([['request-1', 'in_progress']]);
  const tasks = {
    changeStatus: jest.fn(async (_m: EntityManager, change: TaskStatusChange) => {
      const row = taskRows.find((t) => t.id === change.taskId);
      if (!row || !change.from.includes(row.status)) return false;
      row.status = change.to;
      return true;
    }),
    findOfRequest: jest.fn(async () => taskRows as unknown as ErasureTaskEntity[]),
    progressOf: jest.fn(async (): Promise<TaskProgressRow[]> =>
      taskRows.map((t) => ({ requestId: t.requestId, status: t.status, nextAttemptAt: null })),
    ),
  } as unknown as ErasureTaskRepository;
  const requests = {
    changeStatus: jest.fn(
      async (_m: EntityManager, ids: string[], from: RequestStatus[], to: RequestStatus) =>
        new Set(
          ids.filter((id) => {
            if (!from.includes(requestStatus.get(id)!)) return false;
            requestStatus.set(id, to);
            return true;
          }),
        ),
    ),
  } as unknown as ErasureRequestRepository;
  const appended: NewAuditEvent[][] = [];
  const ledger = {
    append: jest.fn(
      async (_m: EntityManager, _s: string, events: NewAuditEvent[]) => void appended.push(events),
    ),
  } as unknown as LedgerRepository;
  return { state: new TaskStateService(tasks, requests, ledger), requestStatus, appended };
}

const row = (id: string, status: TaskStatus) => ({ id, requestId: 'request-1', service: id, status });

describe(TaskStateService.name, () => {
  it('applies a result only while the task is still where the caller read it', async () => {
    const rows = [row('a', 'cancelled')];
    const { state } = stateOver(rows);
    const applied = await state.applyResults(
      manager,
      [{ taskId: 'a', from: ['dispatched'], to: 'deleted', columns: {} }],
      NOW,
    );
    expect(applied).toEqual([]);
    expect(rows[0].status).toBe('cancelled');
  });

  it('refuses a move the lifecycle forbids, before touching the database', async () => {
    const { state } = stateOver([row('a', 'deleted')]);
    await expect(
      state.applyResults(manager, [{ taskId: 'a', from: ['deleted'], to: 'failed', columns: {} }], NOW),
    ).rejects.toThrow('cannot move from deleted to failed');
  });

  it('completes a request once all its tasks are done and records the move with the caller’s events', async () => {
    const { state, requestStatus, appended } = stateOver([row('a', 'deleted'), row('b', 'retained')]);
    const events: NewAuditEvent[] = [{ type: 'task.result', actor: 'service:a', data: {} }];
    const moves = await state.settleRequests(
      manager,
      [{ request: { id: 'request-1', status: 'in_progress' }, events }],
      NOW,
    );
    expect(moves).toEqual([{ requestId: 'request-1', from: 'in_progress', to: 'completed' }]);
    expect(requestStatus.get('request-1')).toBe('completed');
    expect(appended[0].map((e) => e.type)).toEqual(['task.result', 'request.completed']);
  });

  it('does not record a move that a concurrent writer made first', async () => {
    const { state, requestStatus, appended } = stateOver([row('a', 'deleted')]);
    requestStatus.set('request-1', 'cancelled');
    const moves = await state.settleRequests(
      manager,
      [{ request: { id: 'request-1', status: 'in_progress' }, events: [] }],
      NOW,
    );
    expect(moves).toEqual([]);
    expect(requestStatus.get('request-1')).toBe('cancelled');
    expect(appended.flat()).toEqual([]);
  });

  it('retains never-dispatched tasks under a hold, guarded by pending, and the request then completes', async () => {
    const rows = [row('a', 'pending'), row('b', 'pending')];
    const { state, requestStatus } = stateOver(rows);
    requestStatus.set('request-1', 'received');
    const retention = { basis: 'GDPR Art. 17(3)(e)', note: 'legal hold h1 (litigation)' };
    const retained = await state.retainUnderHold(manager, rows, retention, NOW);
    expect([...retained].sort()).toEqual(['a', 'b']);
    expect(rows.map((r) => r.status)).toEqual(['retained', 'retained']);
    const moves = await state.settleRequests(
      manager,
      [{ request: { id: 'request-1', status: 'received' }, events: [] }],
      NOW,
    );
    expect(moves).toEqual([{ requestId: 'request-1', from: 'received', to: 'completed' }]);
  });

  it('refuses to retain under a hold a task that was dispatched, and skips one another writer moved', async () => {
    const { state } = stateOver([row('a', 'dispatched')]);
    await expect(
      state.retainUnderHold(manager, [{ id: 'a', status: 'dispatched' }], { basis: 'x' }, NOW),
    ).rejects.toThrow('cannot be retained under a hold from dispatched');
    const raced = [row('b', 'cancelled')];
    const other = stateOver(raced);
    const retained = await other.state.retainUnderHold(
      manager,
      [{ id: 'b', status: 'pending' }],
      { basis: 'x' },
      NOW,
    );
    expect(retained.size).toBe(0);
    expect(raced[0].status).toBe('cancelled');
  });

  it('cancels only unfinished tasks, then the request', async () => {
    const rows = [row('a', 'deleted'), row('b', 'dispatched'), row('c', 'pending')];
    const { state, requestStatus } = stateOver(rows);
    const services = await state.cancelRequest(manager, { id: 'request-1', status: 'in_progress' }, NOW);
    expect(services).toEqual(['b', 'c']);
    expect(rows.map((r) => r.status)).toEqual(['deleted', 'cancelled', 'cancelled']);
    expect(requestStatus.get('request-1')).toBe('cancelled');
  });
});
