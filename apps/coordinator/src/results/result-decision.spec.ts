import { ERASURE_OUTCOMES, ErasureOutcome, ErasureResult, parseErasureResult } from '@lethe/deletion-sdk';
import { TASK_STATUSES, TaskStatus } from '../tasks/task-lifecycle';
import { decideResult, ResultDecision, TaskSnapshot } from './result-decision';

const task = (status: TaskStatus, attempts = 1, service = 'accounts'): TaskSnapshot => ({
  id: 'task-1',
  service,
  status,
  attempts,
});

/** A result as the SDK would send it; validated so the fixtures cannot drift from the protocol. */
function result(outcome: ErasureOutcome, attempt = 1, service = 'accounts'): ErasureResult {
  return parseErasureResult({
    v: 1,
    type: 'erasure.result',
    id: `result-${outcome}-${attempt}`,
    requestId: 'request-1',
    taskId: 'task-1',
    service,
    attempt,
    outcome,
    recordsAffected: outcome === 'deleted' ? 3 : 0,
    ...(outcome === 'retained' && {
      retention: { basis: 'legal_obligation', note: 'invoices are kept 10 years' },
    }),
    ...(outcome === 'failed' && {
      error: { code: 'DB_DOWN', message: 'database unavailable', retriable: true },
    }),
    completedAt: '2027-01-15T09:31:00.000Z',
    sdkVersion: '0.1.0',
  });
}

const apply = (status: TaskStatus): ResultDecision => ({ kind: 'apply', status });
const ignore = (reason: string): ResultDecision => ({ kind: 'ignore', reason });

/** Expected decision for a result of the current attempt, for each task status and outcome. */
const CURRENT_ATTEMPT: Record<TaskStatus, Record<ErasureOutcome, ResultDecision>> = {
  pending: {
    deleted: ignore('task is already pending'),
    not_found: ignore('task is already pending'),
    retained: ignore('task is already pending'),
    failed: ignore('task is already pending'),
  },
  dispatched: {
    deleted: apply('deleted'),
    not_found: apply('not_found'),
    retained: apply('retained'),
    failed: apply('failed'),
  },
  waiting: {
    deleted: apply('deleted'),
    not_found: apply('not_found'),
    retained: apply('retained'),
    failed: apply('failed'),
  },
  failed: {
    deleted: apply('deleted'),
    not_found: apply('not_found'),
    retained: apply('retained'),
    failed: ignore('task is already failed'),
  },
  deleted: {
    deleted: ignore('task is already deleted'),
    not_found: ignore('task is already deleted'),
    retained: ignore('task is already deleted'),
    failed: ignore('task is already deleted'),
  },
  not_found: {
    deleted: ignore('task is already not_found'),
    not_found: ignore('task is already not_found'),
    retained: ignore('task is already not_found'),
    failed: ignore('task is already not_found'),
  },
  retained: {
    deleted: ignore('task is already retained'),
    not_found: ignore('task is already retained'),
    retained: ignore('task is already retained'),
    failed: ignore('task is already retained'),
  },
  cancelled: {
    deleted: ignore('task is already cancelled'),
    not_found: ignore('task is already cancelled'),
    retained: ignore('task is already cancelled'),
    failed: ignore('task is already cancelled'),
  },
};

const MATRIX = TASK_STATUSES.flatMap((status) =>
  ERASURE_OUTCOMES.map((outcome) => ({ status, outcome, expected: CURRENT_ATTEMPT[status][outcome] })),
);

describe(decideResult.name, () => {
  it('covers every task status against every outcome', () => {
    expect(MATRIX).toHaveLength(TASK_STATUSES.length * ERASURE_OUTCOMES.length);
  });

  it.each(MATRIX)(
    'a $outcome result for a $status task → $expected.kind',
    ({ status, outcome, expected }) => {
      expect(decideResult(task(status, 1), result(outcome, 1))).toEqual(expected);
    },
  );

  it.each(ERASURE_OUTCOMES)('ignores a %s result from another service', (outcome) => {
    expect(decideResult(task('dispatched', 1, 'accounts'), result(outcome, 1, 'orders'))).toEqual(
      ignore('result from orders for a task of accounts'),
    );
  });

  it('checks the service before anything else', () => {
    expect(decideResult(task('dispatched', 1, 'accounts'), result('deleted', 5, 'orders'))).toEqual(
      ignore('result from orders for a task of accounts'),
    );
  });

  it.each(ERASURE_OUTCOMES)('ignores a %s result for an attempt that was never dispatched', (outcome) => {
    expect(decideResult(task('dispatched', 2), result(outcome, 3))).toEqual(
      ignore('attempt 3 was never dispatched (dispatched 2)'),
    );
  });

  it('ignores any result for a task that was never dispatched', () => {
    expect(decideResult(task('pending', 0), result('deleted', 1))).toEqual(
      ignore('attempt 1 was never dispatched (dispatched 0)'),
    );
  });

  it('ignores a failure of an earlier attempt once the task was re-dispatched', () => {
    expect(decideResult(task('dispatched', 3), result('failed', 2))).toEqual(
      ignore('failure of attempt 2 superseded by attempt 3'),
    );
    expect(decideResult(task('dispatched', 3), result('failed', 1))).toEqual(
      ignore('failure of attempt 1 superseded by attempt 3'),
    );
  });

  it('applies a failure of the latest attempt', () => {
    expect(decideResult(task('dispatched', 3), result('failed', 3))).toEqual(apply('failed'));
  });

  it('ignores a duplicate or stale failure for a task that already failed', () => {
    expect(decideResult(task('failed', 2), result('failed', 2))).toEqual(ignore('task is already failed'));
    expect(decideResult(task('failed', 2), result('failed', 1))).toEqual(ignore('task is already failed'));
  });

  it.each(['deleted', 'not_found', 'retained'] as const)(
    'accepts a late %s from an earlier attempt, because the work was done',
    (outcome) => {
      expect(decideResult(task('dispatched', 3), result(outcome, 1))).toEqual(apply(outcome));
      expect(decideResult(task('failed', 3), result(outcome, 2))).toEqual(apply(outcome));
    },
  );

  it('ignores a late success once the task is finished another way', () => {
    expect(decideResult(task('retained', 2), result('deleted', 1))).toEqual(
      ignore('task is already retained'),
    );
    expect(decideResult(task('cancelled', 2), result('deleted', 1))).toEqual(
      ignore('task is already cancelled'),
    );
  });
});
