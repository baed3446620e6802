import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** A dispatch to queue: dispatch number `attempt` of a task. */
export interface QueuedDispatch {
  taskId: string;
  attempt: number;
}

/**
 * Writes the outbox in the caller's transaction, so a command is queued exactly when its cause commits. A task of
 * an SDK or manual service goes to the Kafka outbox (outbox_messages); a task of a webhook or OpenDSR target to the
 * targets' own (target_dispatches, relayed over HTTP by targets/target-dispatcher.ts). Intake and retries need not
 * know which kind a service is.
 */
@Injectable()
export class OutboxRepository {
  /** Queues each dispatch unless that attempt of that task is already queued (a timer may fire twice). */
  async enqueue(manager: EntityManager, dispatches: QueuedDispatch[], now: Date): Promise<void> {
    if (dispatches.length === 0) return;
    // one statement for both outboxes: each task's kind is read once, and the two inserts share it
    await manager.query(
      `WITH queued AS (
         SELECT gen_random_uuid() AS command_id, v.task_id, v.attempt, e.name IS NOT NULL AS to_target
           FROM unnest($1::uuid[], $2::int[]) WITH ORDINALITY AS v(task_id, attempt, n)
           JOIN erasure_tasks t ON t.id = v.task_id
           LEFT JOIN registered_services s ON s.name = t.service
           LEFT JOIN target_endpoints e ON e.name = s.name AND e.kind = s.registration
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
}
