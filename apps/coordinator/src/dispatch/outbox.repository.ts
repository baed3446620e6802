import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { InsertColumn, UnnestInsert, unnestInsertOf } from '../database/unnest-insert';

/** A dispatch to queue: dispatch number `attempt` of a task. */
export interface QueuedDispatch {
  taskId: string;
  attempt: number;
}

/** A new task's first dispatch, and which outbox it goes to (see `IS_TARGET_SERVICE`). */
export interface FirstDispatch {
  taskId: string;
  toTarget: boolean;
}

/**
 * True for a registered service `s` whose tasks go to the targets' outbox: a webhook or OpenDSR target endpoint of
 * its registration. The one definition of a dispatch's kind, for `enqueue` and for a read that fans out new tasks.
 */
export const IS_TARGET_SERVICE = `EXISTS (SELECT 1 FROM target_endpoints e WHERE e.name = s.name AND e.kind = s.registration)`;

interface OutboxRow {
  commandId: string;
  taskId: string;
  createdAt: Date;
}

const OUTBOX_COLUMNS: readonly InsertColumn<OutboxRow>[] = [
  { name: 'command_id', type: 'uuid', value: (row) => row.commandId },
  { name: 'task_id', type: 'uuid', value: (row) => row.taskId },
  { name: 'attempt', type: 'int', value: () => 1 },
  { name: 'created_at', type: 'timestamptz', value: (row) => row.createdAt },
];

/**
 * Writes the outbox in the caller's transaction, so a command is queued exactly when its cause commits. A task of
 * an SDK or manual service goes to the Kafka outbox (outbox_messages); a task of a webhook or OpenDSR target to the
 * targets' own (target_dispatches, relayed over HTTP by targets/target-dispatcher.ts). Retries need not know which
 * kind a service is; intake learns it with the services it fans out to (`IS_TARGET_SERVICE`, in the same read).
 */
@Injectable()
export class OutboxRepository {
  /** Queues each dispatch unless that attempt of that task is already queued (a timer may fire twice). */
  async enqueue(manager: EntityManager, dispatches: QueuedDispatch[], now: Date): Promise<void> {
    if (dispatches.length === 0) return;
    // one statement for both outboxes: each task's kind is read once, and the two inserts share it
    await manager.query(
      `WITH queued AS (
         SELECT gen_random_uuid() AS command_id, v.task_id, v.attempt, ${IS_TARGET_SERVICE} AS to_target
           FROM unnest($1::uuid[], $2::int[]) WITH ORDINALITY AS v(task_id, attempt, n)
           JOIN erasure_tasks t ON t.id = v.task_id
           LEFT JOIN registered_services s ON s.name = t.service
          ORDER BY v.n),
       kafka AS (
         INSERT INTO outbox_messages (command_id, task_id, attempt, created_at)
         SELECT command_id, task_id, attempt, $3 FROM queued WHERE NOT to_target
         ON CONFLICT (task_id, attempt) DO NOTHING)
       INSERT INTO target_dispatches (command_id, task_id, attempt, created_at)
       SELECT command_id, task_id, attempt, $3 FROM queued WHERE to_target
       ON CONFLICT (task_id, attempt) DO NOTHING`,
      [dispatches.map((d) => d.taskId), dispatches.map((d) => d.attempt), now],
    );
  }

  /**
   * The first dispatch of tasks created in the same statement (`insertAllByUnnest` beside their insert), in the
   * order given: new tasks have no queued attempt yet, so there is nothing to skip, and each task's kind comes from
   * the read that gave the request its services (in the same transaction, by `IS_TARGET_SERVICE`).
   */
  queueingFirst(dispatches: readonly FirstDispatch[], now: Date): UnnestInsert[] {
    const rows = (toTarget: boolean): OutboxRow[] =>
      dispatches
        .filter((dispatch) => dispatch.toTarget === toTarget)
        .map((dispatch) => ({ commandId: randomUUID(), taskId: dispatch.taskId, createdAt: now }));
    return [
      unnestInsertOf('outbox_messages', OUTBOX_COLUMNS, rows(false)),
      unnestInsertOf('target_dispatches', OUTBOX_COLUMNS, rows(true)),
    ];
  }
}
