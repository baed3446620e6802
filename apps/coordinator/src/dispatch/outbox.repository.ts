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
    const params = [dispatches.map((d) => d.taskId), dispatches.map((d) => d.attempt), now];
    const queued = `SELECT gen_random_uuid(), v.task_id, v.attempt, $3::timestamptz
         FROM unnest($1::uuid[], $2::int[]) AS v(task_id, attempt)
         JOIN erasure_tasks t ON t.id = v.task_id
         LEFT JOIN registered_services s ON s.name = t.service
         LEFT JOIN target_endpoints e ON e.name = s.name AND e.kind = s.registration`;
    await manager.query(
      `INSERT INTO outbox_messages (command_id, task_id, attempt, created_at)
       ${queued} WHERE e.name IS NULL
       ON CONFLICT (task_id, attempt) DO NOTHING`,
      params,
    );
    await manager.query(
      `INSERT INTO target_dispatches (command_id, task_id, attempt, created_at)
       ${queued} WHERE e.name IS NOT NULL
       ON CONFLICT (task_id, attempt) DO NOTHING`,
      params,
    );
  }
}
