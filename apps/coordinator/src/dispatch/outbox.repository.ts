import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** A dispatch to queue: dispatch number `attempt` of a task. */
export interface QueuedDispatch {
  taskId: string;
  attempt: number;
}

/** Writes the outbox in the caller's transaction, so a command is queued exactly when its cause commits. */
@Injectable()
export class OutboxRepository {
  /** Queues each dispatch unless that attempt of that task is already queued (a timer may fire twice). */
  async enqueue(manager: EntityManager, dispatches: QueuedDispatch[], now: Date): Promise<void> {
    if (dispatches.length === 0) return;
    await manager.query(
      `INSERT INTO outbox_messages (command_id, task_id, attempt, created_at)
       SELECT gen_random_uuid(), v.task_id, v.attempt, $3
         FROM unnest($1::uuid[], $2::int[]) AS v(task_id, attempt)
       ON CONFLICT (task_id, attempt) DO NOTHING`,
      [dispatches.map((d) => d.taskId), dispatches.map((d) => d.attempt), now],
    );
  }
}
