import { ErasureResult } from '@lethe/deletion-sdk/protocol';
import { canTransitionTask, TaskStatus } from '../tasks/task-lifecycle';

export interface TaskSnapshot {
  id: string;
  service: string;
  status: TaskStatus;
  attempts: number;
}

export type ResultDecision = { kind: 'ignore'; reason: string } | { kind: 'apply'; status: TaskStatus };

/**
 * Pure: what a result does to its task. Results are applied idempotently — a duplicate, a result for a finished
 * task, or a failure from an attempt that has since been superseded changes nothing.
 */
export function decideResult(task: TaskSnapshot, result: ErasureResult): ResultDecision {
  if (result.service !== task.service) {
    return { kind: 'ignore', reason: `result from ${result.service} for a task of ${task.service}` };
  }
  if (result.attempt > task.attempts) {
    return {
      kind: 'ignore',
      reason: `attempt ${result.attempt} was never dispatched (dispatched ${task.attempts})`,
    };
  }
  const next: TaskStatus = result.outcome;
  if (!canTransitionTask(task.status, next)) {
    return { kind: 'ignore', reason: `task is already ${task.status}` };
  }
  if (next === 'failed' && result.attempt < task.attempts) {
    return {
      kind: 'ignore',
      reason: `failure of attempt ${result.attempt} superseded by attempt ${task.attempts}`,
    };
  }
  return { kind: 'apply', status: next };
}
