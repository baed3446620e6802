import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { insertAllByUnnest, UnnestInsert } from '../database/unnest-insert';
import { LedgerRepository, NewAuditEvent, requestStream } from '../ledger/ledger.repository';
import {
  canTransitionRequest,
  isRequestTerminal,
  RequestStatus,
  requestStatusesLeadingTo,
  settledRequestStatus,
} from '../requests/request-lifecycle';
import { ErasureRequestEntity } from './erasure-request.entity';
import { ErasureRequestRepository } from './erasure-request.repository';
import { ErasureTaskEntity } from './erasure-task.entity';
import {
  ErasureTaskRepository,
  TaskDispatch,
  TaskProgressRow,
  TaskStatusChange,
} from './erasure-task.repository';
import {
  canRetainUnderHold,
  canTransitionTask,
  HOLD_RETAINABLE_STATUSES,
  isTaskTerminal,
  taskStatusesLeadingTo,
} from './task-lifecycle';
import type { RetentionInfo } from '@lethe/deletion-sdk/protocol';

/** A request and the audit events its transaction decided, to append with whatever settling it adds. */
export interface RequestSettlement {
  request: Pick<ErasureRequestEntity, 'id' | 'status'>;
  events: NewAuditEvent[];
}

export interface RequestStatusMove {
  requestId: string;
  from: RequestStatus;
  to: RequestStatus;
}

/**
 * The one owner of request and task status. Every change goes through the pure lifecycles (a caller asking for
 * an illegal move is a bug and throws) and lands as an UPDATE guarded by the statuses it expects, which reports
 * what it changed: a caller that read a row before someone else moved it changes nothing. Every call takes many
 * items and the caller's transaction (EntityManager), so N results or N dispatches cost one transaction.
 */
@Injectable()
export class TaskStateService {
  constructor(
    private readonly tasks: ErasureTaskRepository,
    private readonly requests: ErasureRequestRepository,
    private readonly ledger: LedgerRepository,
  ) {}

  /**
   * Inserts new requests (status `received`) with their `pending` tasks, in one statement, and in that statement
   * the rows of `alongside` (their outbox rows and first audit events: parts of `insertAllByUnnest`).
   */
  async createRequests(
    manager: EntityManager,
    created: readonly { request: ErasureRequestEntity; tasks: ErasureTaskEntity[] }[],
    alongside: readonly UnnestInsert[] = [],
  ): Promise<void> {
    for (const { request, tasks } of created) {
      if (request.status !== 'received' || tasks.some((task) => task.status !== 'pending')) {
        throw new Error(`request ${request.id} must start received, with pending tasks`);
      }
    }
    await insertAllByUnnest(manager, [
      this.requests.inserting(created.map((item) => item.request)),
      this.tasks.inserting(created.flatMap((item) => item.tasks)),
      ...alongside,
    ]);
  }

  /**
   * Marks tasks dispatched, and their requests in progress, unless a task has meanwhile reached a status that
   * cannot be dispatched (cancelled, done). Returns the ids of the tasks it dispatched: publish only those.
   */
  async markDispatched(
    manager: EntityManager,
    dispatches: TaskDispatch[],
    now: Date,
    ackDueAt: Date,
  ): Promise<Set<string>> {
    // the tasks and their requests move in one statement: the same guards as changeRequests, one round trip
    return this.tasks.markDispatched(
      manager,
      dispatches,
      taskStatusesLeadingTo('dispatched'),
      { from: requestMovableFrom(['received'], 'in_progress'), to: 'in_progress' },
      now,
      ackDueAt,
    );
  }

  /**
   * Applies task outcomes (a service's result, a silent service's timeout), each only if its task is still in
   * one of the statuses the caller read. Returns the changes that applied; settle their requests afterwards.
   */
  async applyResults(
    manager: EntityManager,
    changes: TaskStatusChange[],
    now: Date,
  ): Promise<TaskStatusChange[]> {
    const guarded = changes.map((change) => {
      const from = change.from.filter((status) => canTransitionTask(status, change.to));
      if (from.length === 0) {
        throw new Error(`task ${change.taskId} cannot move from ${change.from.join('/')} to ${change.to}`);
      }
      return { ...change, from };
    });
    // one statement per round; a task named twice goes in a later round, so its changes apply in order
    const applied = new Set<number>();
    for (const round of distinctRounds(guarded.map((change, index) => ({ change, index })))) {
      const moved = await this.tasks.changeStatuses(
        manager,
        round.map((entry) => entry.change),
        now,
      );
      for (const entry of round) if (moved.has(entry.change.taskId)) applied.add(entry.index);
    }
    return changes.filter((_, index) => applied.has(index));
  }

  /**
   * Retains tasks that were never dispatched, under a legal hold's basis (the coordinator's own decision, see
   * `canRetainUnderHold`), each guarded by `pending`. Returns the ids it retained; settle their requests afterwards.
   */
  async retainUnderHold(
    manager: EntityManager,
    tasks: Pick<ErasureTaskEntity, 'id' | 'status'>[],
    retention: RetentionInfo,
    now: Date,
  ): Promise<Set<string>> {
    for (const task of tasks) {
      if (!canRetainUnderHold(task.status)) {
        throw new Error(`task ${task.id} cannot be retained under a hold from ${task.status}`);
      }
    }
    const changes = tasks.map((task) => ({
      taskId: task.id,
      from: HOLD_RETAINABLE_STATUSES,
      to: 'retained' as const,
      columns: { retention, recordsAffected: 0, completedAt: now },
    }));
    return this.tasks.changeStatuses(manager, changes, now);
  }

  /**
   * Moves each request to where its tasks say it stands (completed, needs_attention) and appends its events
   * with the move's own, in the caller's transaction, which holds the requests' locks. `known` is every task of
   * these requests as the caller read them under those locks, with the changes it applied since: then they are
   * not read again (see `progressAfter`).
   */
  async settleRequests(
    manager: EntityManager,
    settlements: RequestSettlement[],
    now: Date,
    known?: TaskProgressRow[],
  ): Promise<RequestStatusMove[]> {
    const progress =
      known ??
      (await this.tasks.progressOf(
        manager,
        settlements.map((s) => s.request.id),
      ));
    const tasksOf = new Map<string, TaskProgressRow[]>();
    for (const task of progress) tasksOf.set(task.requestId, [...(tasksOf.get(task.requestId) ?? []), task]);
    // the same move of many requests is one guarded statement
    const planned = new Map<string, RequestStatusMove[]>();
    for (const { request } of settlements) {
      const next = settledRequestStatus(tasksOf.get(request.id) ?? []);
      if (next !== request.status && canTransitionRequest(request.status, next)) {
        const key = `${request.status}>${next}`;
        planned.set(key, [
          ...(planned.get(key) ?? []),
          { requestId: request.id, from: request.status, to: next },
        ]);
      }
    }
    const moves: RequestStatusMove[] = [];
    for (const group of planned.values()) {
      const { from, to } = group[0];
      const columns = { completedAt: to === 'completed' ? now : null };
      const ids = group.map((move) => move.requestId);
      const moved = await this.changeRequests(manager, ids, [from], to, columns, now);
      moves.push(...group.filter((move) => moved.has(move.requestId)));
    }
    const appends = settlements.map(({ request, events }) => {
      const move = moves.find((m) => m.requestId === request.id);
      const settled = move
        ? [...events, { type: `request.${move.to}`, actor: 'system', data: { from: move.from } }]
        : events;
      return { stream: requestStream(request.id), events: settled };
    });
    await this.ledger.appendToStreams(manager, appends, now);
    return moves;
  }

  /** Cancels a request and every task not yet finished; returns the services whose tasks it cancelled. */
  async cancelRequest(
    manager: EntityManager,
    request: Pick<ErasureRequestEntity, 'id' | 'status'>,
    now: Date,
  ): Promise<string[]> {
    const open = (await this.tasks.findOfRequest(manager, request.id)).filter(
      (task) => !isTaskTerminal(task.status),
    );
    const cancelled = await this.applyResults(
      manager,
      open.map((task) => ({
        taskId: task.id,
        from: [task.status],
        to: 'cancelled' as const,
        columns: { ackDueAt: null, nextAttemptAt: null },
      })),
      now,
    );
    const ids = new Set(cancelled.map((change) => change.taskId));
    await this.changeRequests(
      manager,
      [request.id],
      [request.status],
      'cancelled',
      { cancelledAt: now },
      now,
    );
    return open.filter((task) => ids.has(task.id)).map((task) => task.service);
  }

  /**
   * An operator's retry: failed tasks get a fresh attempt budget, due now, and the request goes back in
   * progress. Returns the tasks it granted (the caller queues their dispatches).
   */
  async reopenForRetry(
    manager: EntityManager,
    request: Pick<ErasureRequestEntity, 'id' | 'status'>,
    failed: ErasureTaskEntity[],
    now: Date,
  ): Promise<ErasureTaskEntity[]> {
    const granted = await this.tasks.grantRetryBudget(
      manager,
      failed.map((task) => task.id),
      now,
    );
    if (canTransitionRequest(request.status, 'in_progress')) {
      await this.changeRequests(manager, [request.id], [request.status], 'in_progress', {}, now);
    }
    return failed.filter((task) => granted.has(task.id));
  }

  private changeRequests(
    manager: EntityManager,
    requestIds: string[],
    expected: readonly RequestStatus[],
    to: RequestStatus,
    columns: { completedAt?: Date | null; cancelledAt?: Date | null },
    now: Date,
  ): Promise<Set<string>> {
    if (requestIds.length === 0) return Promise.resolve(new Set());
    const from = requestMovableFrom(expected, to);
    return this.requests.changeStatus(manager, requestIds, from, to, columns, now);
  }
}

/** The statuses of `expected` a request may leave for `to`; none is a caller's bug, and throws. */
function requestMovableFrom(expected: readonly RequestStatus[], to: RequestStatus): RequestStatus[] {
  const allowed = requestStatusesLeadingTo(to);
  const from = expected.filter((status) => allowed.includes(status) && !isRequestTerminal(status));
  if (from.length === 0) throw new Error(`a request cannot move from ${expected.join('/')} to ${to}`);
  return from;
}

/**
 * The progress rows of `tasks` (read under their requests' locks) once `applied` (in the order applied) landed:
 * what `progressOf` would read back, since every writer of a task holds its request's lock (see request-lock.ts)
 * and `changeStatuses` writes exactly the status and, when given, next_attempt_at.
 */
export function progressAfter(
  tasks: Pick<ErasureTaskEntity, 'id' | 'requestId' | 'status' | 'nextAttemptAt'>[],
  applied: TaskStatusChange[],
): TaskProgressRow[] {
  const now = new Map(
    tasks.map((task) => [
      task.id,
      { requestId: task.requestId, status: task.status, nextAttemptAt: task.nextAttemptAt },
    ]),
  );
  for (const change of applied) {
    const row = now.get(change.taskId);
    if (!row) continue;
    row.status = change.to;
    if (change.columns.nextAttemptAt !== undefined) row.nextAttemptAt = change.columns.nextAttemptAt;
  }
  return [...now.values()];
}

/** Splits changes into rounds in which every task appears at most once, keeping each task's changes in order. */
function distinctRounds<T extends { change: TaskStatusChange }>(entries: T[]): T[][] {
  const rounds: T[][] = [];
  const roundOf = new Map<string, number>();
  for (const entry of entries) {
    const round = (roundOf.get(entry.change.taskId) ?? -1) + 1;
    roundOf.set(entry.change.taskId, round);
    (rounds[round] ??= []).push(entry);
  }
  return rounds;
}
