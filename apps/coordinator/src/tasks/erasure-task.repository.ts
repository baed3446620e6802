import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InsertColumn, UnnestInsert, unnestInsertOf } from '../database/unnest-insert';
import { ErasureTaskEntity } from './erasure-task.entity';
import type { RequestStatus } from '../requests/request-lifecycle';
import { TaskStatus } from './task-lifecycle';

/** Columns that move with a task's status; a column left out is not written. */
export type TaskColumns = Partial<
  Pick<
    ErasureTaskEntity,
    | 'recordsAffected'
    | 'retention'
    | 'lastError'
    | 'completedAt'
    | 'ackDueAt'
    | 'nextAttemptAt'
    | 'expectedAt'
  >
>;

/** One guarded status change: applied only while the task is in one of `from`. */
export interface TaskStatusChange {
  taskId: string;
  from: readonly TaskStatus[];
  to: TaskStatus;
  columns: TaskColumns;
}

/** One dispatch about to be published: the task becomes `dispatched` with this attempt number. */
export interface TaskDispatch {
  taskId: string;
  requestId: string;
  attempt: number;
  /** Manual services are confirmed by a person, so their dispatches have no acknowledgement timeout. */
  awaitsAck: boolean;
}

export interface TaskProgressRow {
  requestId: string;
  status: TaskStatus;
  nextAttemptAt: Date | null;
}

/**
 * The erasure_tasks table. Only TaskStateService writes statuses through it, and every status UPDATE here is
 * guarded by the statuses the caller expects and returns the rows it changed, so a writer that read a stale row
 * changes nothing instead of overwriting a newer (possibly terminal) status.
 */
@Injectable()
export class ErasureTaskRepository {
  /** Inserts the tasks in one statement, however many there are, with others (`insertAllByUnnest`). */
  inserting(tasks: ErasureTaskEntity[]): UnnestInsert {
    return unnestInsertOf('erasure_tasks', TASK_COLUMNS, tasks);
  }

  findOfRequest(manager: EntityManager, requestId: string): Promise<ErasureTaskEntity[]> {
    return manager.getRepository(ErasureTaskEntity).findBy({ requestId });
  }

  findOne(manager: EntityManager, taskId: string): Promise<ErasureTaskEntity | null> {
    return manager.getRepository(ErasureTaskEntity).findOneBy({ id: taskId });
  }

  async progressOf(manager: EntityManager, requestIds: string[]): Promise<TaskProgressRow[]> {
    if (requestIds.length === 0) return [];
    return manager.query(
      `SELECT request_id AS "requestId", status, next_attempt_at AS "nextAttemptAt"
         FROM erasure_tasks WHERE request_id = ANY($1)`,
      [requestIds],
    );
  }

  /** Applies one change if the task is still in one of its `from` statuses; true when it did. */
  async changeStatus(manager: EntityManager, change: TaskStatusChange, now: Date): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ErasureTaskEntity)
      .set({ ...change.columns, status: change.to, updatedAt: now })
      .where('id = :id AND status = ANY(:from)', { id: change.taskId, from: [...change.from] })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * Applies many changes in one statement, each only while its task is in one of its `from` statuses; returns
   * the ids it changed. Task ids must be distinct (UPDATE … FROM applies one joined row per target row).
   */
  async changeStatuses(manager: EntityManager, changes: TaskStatusChange[], now: Date): Promise<Set<string>> {
    if (changes.length === 0) return new Set();
    const has = (key: keyof TaskColumns) => changes.map((change) => change.columns[key] !== undefined);
    const json = (value: unknown) => (value == null ? null : JSON.stringify(value));
    // each column has a "write it" flag beside its value, so a column a change leaves out keeps its value
    const rows: { id: string }[] = await manager.query(
      `WITH moved AS (UPDATE erasure_tasks t SET status = v.status, updated_at = $1,
              records_affected = CASE WHEN v.w_ra THEN v.ra ELSE t.records_affected END,
              retention = CASE WHEN v.w_ret THEN v.ret ELSE t.retention END,
              last_error = CASE WHEN v.w_err THEN v.err ELSE t.last_error END,
              completed_at = CASE WHEN v.w_done THEN v.done ELSE t.completed_at END,
              ack_due_at = CASE WHEN v.w_ack THEN v.ack ELSE t.ack_due_at END,
              next_attempt_at = CASE WHEN v.w_next THEN v.next ELSE t.next_attempt_at END,
              expected_at = CASE WHEN v.w_exp THEN v.exp ELSE t.expected_at END
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::boolean[], $6::int[], $7::boolean[], $8::jsonb[],
                     $9::boolean[], $10::jsonb[], $11::boolean[], $12::timestamptz[], $13::boolean[],
                     $14::timestamptz[], $15::boolean[], $16::timestamptz[], $17::boolean[], $18::timestamptz[])
              AS v(id, status, from_statuses, w_ra, ra, w_ret, ret, w_err, err, w_done, done, w_ack, ack, w_next, next,
                   w_exp, exp)
        WHERE t.id = v.id AND t.status = ANY(string_to_array(v.from_statuses, ','))
        RETURNING t.id) SELECT id FROM moved`,
      [
        now,
        changes.map((change) => change.taskId),
        changes.map((change) => change.to),
        changes.map((change) => change.from.join(',')),
        has('recordsAffected'),
        changes.map((change) => change.columns.recordsAffected ?? null),
        has('retention'),
        changes.map((change) => json(change.columns.retention)),
        has('lastError'),
        changes.map((change) => json(change.columns.lastError)),
        has('completedAt'),
        changes.map((change) => change.columns.completedAt ?? null),
        has('ackDueAt'),
        changes.map((change) => change.columns.ackDueAt ?? null),
        has('nextAttemptAt'),
        changes.map((change) => change.columns.nextAttemptAt ?? null),
        has('expectedAt'),
        changes.map((change) => change.columns.expectedAt ?? null),
      ],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** The tasks with these ids, in one query. */
  findMany(manager: EntityManager, taskIds: string[]): Promise<ErasureTaskEntity[]> {
    if (taskIds.length === 0) return Promise.resolve([]);
    // plain SQL: this read is on every relay batch and every result batch, where TypeORM's building showed up
    return manager.query(`SELECT ${TASK_SELECT} FROM erasure_tasks WHERE id = ANY($1)`, [taskIds]);
  }

  /** Every task of these requests, in one query (plain SQL, like findMany). */
  findOfRequests(manager: EntityManager, requestIds: string[]): Promise<ErasureTaskEntity[]> {
    if (requestIds.length === 0) return Promise.resolve([]);
    return manager.query(`SELECT ${TASK_SELECT} FROM erasure_tasks WHERE request_id = ANY($1)`, [requestIds]);
  }

  /**
   * Moves every task still in one of `from` to `dispatched`, and the requests of the tasks it moved from one of
   * `requests.from` to `requests.to`, in one statement; returns the ids of the tasks it moved.
   */
  async markDispatched(
    manager: EntityManager,
    dispatches: TaskDispatch[],
    from: readonly TaskStatus[],
    requests: { from: readonly RequestStatus[]; to: RequestStatus },
    now: Date,
    ackDueAt: Date,
  ): Promise<Set<string>> {
    if (dispatches.length === 0) return new Set();
    // a data-modifying CTE runs to completion whether or not the outer SELECT reads it
    const rows: { id: string }[] = await manager.query(
      `WITH moved AS (UPDATE erasure_tasks t SET status = 'dispatched', attempts = GREATEST(t.attempts, v.attempt),
              dispatched_at = $3, ack_due_at = CASE WHEN v.awaits_ack THEN $4::timestamptz END,
              next_attempt_at = NULL, updated_at = $3
         FROM unnest($1::uuid[], $2::int[], $5::boolean[]) AS v(id, attempt, awaits_ack)
        WHERE t.id = v.id AND t.status = ANY($6)
        RETURNING t.id, t.request_id),
       started AS (UPDATE erasure_requests r SET status = $8, updated_at = $3
        WHERE r.id IN (SELECT request_id FROM moved) AND r.status = ANY($7))
       SELECT id FROM moved`,
      [
        dispatches.map((dispatch) => dispatch.taskId),
        dispatches.map((dispatch) => dispatch.attempt),
        now,
        ackDueAt,
        dispatches.map((dispatch) => dispatch.awaitsAck),
        [...from],
        [...requests.from],
        requests.to,
      ],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Grants failed tasks a fresh attempt budget, due now; returns the ids it changed (the tasks still failed). */
  async grantRetryBudget(manager: EntityManager, taskIds: string[], now: Date): Promise<Set<string>> {
    if (taskIds.length === 0) return new Set();
    const rows: { id: string }[] = await manager.query(
      `WITH granted AS (UPDATE erasure_tasks SET attempt_budget_base = attempts, next_attempt_at = $2, updated_at = $2
        WHERE id = ANY($1) AND status = 'failed'
        RETURNING id) SELECT id FROM granted`,
      [taskIds, now],
    );
    return new Set(rows.map((row) => row.id));
  }
}

const TASK_COLUMNS: InsertColumn<ErasureTaskEntity>[] = [
  { name: 'id', type: 'uuid', value: (t) => t.id },
  { name: 'request_id', type: 'uuid', value: (t) => t.requestId },
  { name: 'service', type: 'text', value: (t) => t.service },
  { name: 'status', type: 'text', value: (t) => t.status },
  { name: 'attempts', type: 'int', value: (t) => t.attempts },
  { name: 'records_affected', type: 'int', value: (t) => t.recordsAffected },
  { name: 'retention', type: 'jsonb', value: (t) => t.retention },
  { name: 'last_error', type: 'jsonb', value: (t) => t.lastError },
  { name: 'dispatched_at', type: 'timestamptz', value: (t) => t.dispatchedAt },
  { name: 'completed_at', type: 'timestamptz', value: (t) => t.completedAt },
  { name: 'ack_due_at', type: 'timestamptz', value: (t) => t.ackDueAt },
  { name: 'next_attempt_at', type: 'timestamptz', value: (t) => t.nextAttemptAt },
  { name: 'expected_at', type: 'timestamptz', value: (t) => t.expectedAt ?? null },
  { name: 'attempt_budget_base', type: 'int', value: (t) => t.attemptBudgetBase },
  { name: 'updated_at', type: 'timestamptz', value: (t) => t.updatedAt },
];

/** Every column of erasure_tasks under its entity property name, as TypeORM would read it. */
const TASK_SELECT = `id, request_id AS "requestId", service, status, attempts, records_affected AS "recordsAffected",
  retention, last_error AS "lastError", dispatched_at AS "dispatchedAt", completed_at AS "completedAt",
  ack_due_at AS "ackDueAt", next_attempt_at AS "nextAttemptAt", expected_at AS "expectedAt",
  attempt_budget_base AS "attemptBudgetBase", updated_at AS "updatedAt"`;
