import { Logger } from '@nestjs/common';
import { ErasureError } from '@lethe/deletion-sdk';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { OutboxRelay } from '../dispatch/outbox-relay';
import { OutboxRepository, QueuedDispatch } from '../dispatch/outbox.repository';
import { MetricsService } from '../metrics/metrics.service';
import { ErasureRequestRepository } from '../tasks/erasure-request.repository';
import { ErasureTaskEntity } from '../tasks/erasure-task.entity';
import { ErasureTaskRepository, TaskStatusChange } from '../tasks/erasure-task.repository';
import { RequestSettlement, TaskStateService } from '../tasks/task-state.service';
import { TimerHandlers } from '../timers/timer-handlers';
import { ScheduledTimer, TimerQueue } from '../timers/timer-queue';
import { ACK_TIMEOUT_CODE, retryReason, TaskRetryService } from './task-retry.service';

const NOW = new Date('2027-01-20T12:00:00.000Z');
const POLICY = { ackTimeoutMs: 1000, baseDelayMs: 100, maxDelayMs: 400, maxAttempts: 3, jitter: 0 };

const task = (overrides: Partial<ErasureTaskEntity> = {}): ErasureTaskEntity => ({
  id: 'task-1',
  requestId: 'request-1',
  service: 'crm',
  status: 'dispatched',
  attempts: 1,
  recordsAffected: null,
  retention: null,
  lastError: null,
  dispatchedAt: new Date(NOW.getTime() - 5000),
  completedAt: null,
  ackDueAt: new Date(NOW.getTime() - 1),
  nextAttemptAt: null,
  attemptBudgetBase: 0,
  updatedAt: NOW,
  ...overrides,
});

const retriable: ErasureError = { code: 'DB_DOWN', message: 'database unavailable', retriable: true };

function serviceWith(current: ErasureTaskEntity | null) {
  const manager = {} as EntityManager;
  const dataSource = {
    transaction: (work: (m: EntityManager) => Promise<unknown>) => work(manager),
  } as unknown as DataSource;
  const applied: TaskStatusChange[] = [];
  const settled: RequestSettlement[] = [];
  const state = {
    applyResults: jest.fn(async (_m: EntityManager, changes: TaskStatusChange[]) => {
      applied.push(...changes);
      return changes;
    }),
    settleRequests: jest.fn(async (_m: EntityManager, list: RequestSettlement[]) => {
      settled.push(...list);
      return [];
    }),
  } as unknown as TaskStateService;
  const tasks = { findOne: jest.fn(async () => current) } as unknown as ErasureTaskRepository;
  const requests = {
    lock: jest.fn(async () => (current ? { id: current.requestId, status: 'in_progress' } : null)),
  } as unknown as ErasureRequestRepository;
  const queued: QueuedDispatch[] = [];
  const outbox = {
    enqueue: jest.fn(async (_m: EntityManager, list: QueuedDispatch[]) => void queued.push(...list)),
  } as unknown as OutboxRepository;
  const scheduled: ScheduledTimer[] = [];
  const timers = {
    schedule: jest.fn(async (list: ScheduledTimer[]) => void scheduled.push(...list)),
  } as unknown as TimerQueue;
  const handlers = new TimerHandlers();
  const relay = { nudge: jest.fn() } as unknown as OutboxRelay;
  const config = { retryPolicy: POLICY } as unknown as CoordinatorConfig;
  const clock = { now: () => NOW } as Clock;
  const metrics = { recordRetry: jest.fn() } as unknown as MetricsService;
  const service = new TaskRetryService(
    dataSource,
    state,
    tasks,
    requests,
    outbox,
    timers,
    handlers,
    relay,
    config,
    clock,
    metrics,
  );
  return { service, applied, settled, queued, scheduled, handlers, relay, metrics };
}

describe(TaskRetryService.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  describe('recordFailure', () => {
    it('schedules the next attempt with backoff while the budget lasts', () => {
      const { service } = serviceWith(null);
      const outcome = service.recordFailure(task(), 1, retriable, NOW);
      const at = new Date(NOW.getTime() + 100);
      expect(outcome.change).toEqual({
        taskId: 'task-1',
        from: ['dispatched'],
        to: 'failed',
        columns: { lastError: retriable, ackDueAt: null, nextAttemptAt: at },
      });
      expect(outcome.events.map((e) => e.type)).toEqual(['task.retry_scheduled']);
      expect(outcome.afterCommit.timers).toEqual([
        { job: { name: 'task.retry', data: { taskId: 'task-1', attempt: 2 } }, at },
      ]);
      expect(outcome.afterCommit.retries).toEqual([{ service: 'crm', reason: 'failed' }]);
    });

    it('gives up on a permanent error and when the budget is spent, with no timer', () => {
      const { service } = serviceWith(null);
      const permanent = service.recordFailure(task(), 1, { ...retriable, retriable: false }, NOW);
      expect(permanent.change.columns.nextAttemptAt).toBeNull();
      expect(permanent.events[0]).toMatchObject({ type: 'task.gave_up', data: { reason: 'permanent' } });
      const spent = service.recordFailure(task({ attempts: 3 }), 3, retriable, NOW);
      expect(spent.events[0]).toMatchObject({ type: 'task.gave_up', data: { reason: 'budget_exhausted' } });
      expect(spent.afterCommit.timers).toEqual([]);
    });

    it('counts an operator-granted budget from where it was granted', () => {
      const { service } = serviceWith(null);
      const outcome = service.recordFailure(task({ attemptBudgetBase: 3 }), 4, retriable, NOW);
      expect(outcome.events[0].type).toBe('task.retry_scheduled');
    });
  });

  describe('onAckTimeout', () => {
    it('turns an unanswered dispatch into a retriable failure and settles the request', async () => {
      const { service, applied, settled, scheduled, metrics } = serviceWith(task());
      await service.onAckTimeout('task-1', 1);
      expect(applied).toHaveLength(1);
      expect(applied[0]).toMatchObject({ from: ['dispatched'], to: 'failed' });
      expect(applied[0].columns.lastError).toMatchObject({ code: ACK_TIMEOUT_CODE, retriable: true });
      expect(settled.map((s) => s.request.id)).toEqual(['request-1']);
      expect(scheduled.map((t) => t.job.name)).toEqual(['task.retry']);
      expect(metrics.recordRetry).toHaveBeenCalledWith('crm', 'ack_timeout');
    });

    it.each([
      ['a result arrived meanwhile', task({ status: 'deleted' })],
      ['a later attempt is out', task({ attempts: 2 })],
      ['the timeout is not due yet', task({ ackDueAt: new Date(NOW.getTime() + 1) })],
      ['no timeout is armed', task({ ackDueAt: null })],
    ])('does nothing when %s', async (_case, current) => {
      const { service, applied, settled } = serviceWith(current);
      await service.onAckTimeout('task-1', 1);
      expect(applied).toEqual([]);
      expect(settled).toEqual([]);
    });

    it('does nothing for a task that no longer exists', async () => {
      const { service, applied } = serviceWith(null);
      await service.onAckTimeout('task-1', 1);
      expect(applied).toEqual([]);
    });
  });

  describe('onRetryDue', () => {
    const failed = task({ status: 'failed', ackDueAt: null, nextAttemptAt: new Date(NOW.getTime() - 1) });

    it('queues the next dispatch and nudges the relay', async () => {
      const { service, queued, relay } = serviceWith(failed);
      await service.onRetryDue('task-1', 2);
      expect(queued).toEqual([{ taskId: 'task-1', attempt: 2 }]);
      expect(relay.nudge).toHaveBeenCalled();
    });

    it.each([
      ['the task is no longer failed', { ...failed, status: 'deleted' as const }],
      ['the retry is for another attempt', { ...failed, attempts: 2 }],
      ['the retry is not due yet', { ...failed, nextAttemptAt: new Date(NOW.getTime() + 1) }],
    ])('queues nothing when %s', async (_case, current) => {
      const { service, queued, relay } = serviceWith(current);
      await service.onRetryDue('task-1', 2);
      expect(queued).toEqual([]);
      expect(relay.nudge).not.toHaveBeenCalled();
    });
  });

  it('owns the acknowledgement and retry timers', async () => {
    const { service, handlers, applied } = serviceWith(task());
    service.onModuleInit();
    expect(handlers.find('request.deadline')).toBeUndefined();
    await handlers.find('task.ack-timeout')!({ taskId: 'task-1', attempt: 1 });
    expect(applied).toHaveLength(1);
    expect(() => service.onModuleInit()).toThrow('already has a handler');
  });

  it('folds error codes into two retry reasons', () => {
    expect(retryReason({ ...retriable, code: ACK_TIMEOUT_CODE })).toBe('ack_timeout');
    expect(retryReason(retriable)).toBe('failed');
  });
});
