import { isOverdue } from './request-lifecycle';
import { ErasureRequestEntity } from './erasure-request.entity';
import { ErasureTaskEntity } from '../tasks/erasure-task.entity';
import { isTaskDone } from '../tasks/task-lifecycle';
import { ErasureRequestResponse } from './dto/erasure-request.response';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toErasureRequestResponse(
  request: ErasureRequestEntity,
  tasks: ErasureTaskEntity[],
  now: Date,
): ErasureRequestResponse {
  return {
    id: request.id,
    externalId: request.externalId,
    regulation: request.regulation,
    status: request.status,
    overdue: isOverdue(request.status, request.dueAt, now),
    submittedAt: request.submittedAt.toISOString(),
    dueAt: request.dueAt.toISOString(),
    completedAt: iso(request.completedAt),
    progress: { total: tasks.length, done: tasks.filter((task) => isTaskDone(task.status)).length },
    tasks: tasks
      .slice()
      .sort((a, b) => a.service.localeCompare(b.service))
      .map((task) => ({
        service: task.service,
        status: task.status,
        attempts: task.attempts,
        recordsAffected: task.recordsAffected,
        retention: task.retention,
        lastError: task.lastError,
        completedAt: iso(task.completedAt),
      })),
  };
}
