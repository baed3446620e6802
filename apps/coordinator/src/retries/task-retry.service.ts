import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErasureError } from '@lethe/deletion-sdk/protocol';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { OutboxRelay } from '../dispatch/outbox-relay';
import { OutboxRepository } from '../dispatch/outbox.repository';
import { NewAuditEvent } from '../ledger/ledger.repository';
import { MetricsService } from '../metrics/metrics.service';
import { ErasureRequestEntity } from '../tasks/erasure-request.entity';
import { ErasureRequestRepository } from '../tasks/erasure-request.repository';
import { ErasureTaskEntity } from '../tasks/erasure-task.entity';
import { ErasureTaskRepository, TaskStatusChange } from '../tasks/erasure-task.repository';
import { TaskStateService } from '../tasks/task-state.service';
import { TimerHandlers } from '../timers/timer-handlers';
import { ScheduledTimer, TimerQueue } from '../timers/timer-queue';
import { decideAfterFailure } from './retry-policy';

/** Work to do once the transaction that decided it has committed. */
export interface AfterCommit {
  timers: ScheduledTimer[];
  dispatch: boolean;
  /** Retries decided, for the metrics once they are durable. */
  retries?: { service: string; reason: string }[];
}

export const NOTHING_AFTER_COMMIT: AfterCommit = { timers: [], dispatch: false };

export const ACK_TIMEOUT_CODE = 'ACK_TIMEOUT';

/**
 * The `reason` label of lethe_task_retries_total. Error codes come from services and are unbounded, so they are
 * folded into a few values that keep the metric's cardinality fixed.
 */
export function retryReason(error: ErasureError): 'ack_timeout' | 'failed' {
  return error.code === ACK_TIMEOUT_CODE ? 'ack_timeout' : 'failed';
}

/**
 * Failures, silence and retries of tasks. Every decision is written to the ledger first (next_attempt_at, audit
 * events); BullMQ only wakes the coordinator at the right moment, and the sweep covers for it when Redis lost it.
 */
@Injectable()
export class TaskRetryService implements OnModuleInit {
  private readonly logger = new Logger(TaskRetryService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly state: TaskStateService,
    private readonly tasks: ErasureTaskRepository,
    private readonly requests: ErasureRequestRepository,
    private readonly outbox: OutboxRepository,
    private readonly timers: TimerQueue,
    private readonly timerHandlers: TimerHandlers,
    private readonly relay: OutboxRelay,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.timerHandlers.register('task.ack-timeout', (data) => this.onAckTimeout(data.taskId, data.attempt));
    this.timerHandlers.register('task.retry', (data) => this.onRetryDue(data.taskId, data.attempt));
  }

  /**
   * Records a failed dispatch inside the caller's transaction (the request row is locked) and decides: retry with
   * backoff, or stop and leave it to an operator. Returns the task's change (for TaskStateService.applyResults),
   * the audit events and the timers for the caller.
   */
  recordFailure(
    task: Pick<ErasureTaskEntity, 'id' | 'service' | 'status' | 'attemptBudgetBase'>,
    attempt: number,
    error: ErasureError,
    now: Date,
  ): { change: TaskStatusChange; events: NewAuditEvent[]; afterCommit: AfterCommit } {
    const decision = decideAfterFailure(
      attempt,
      task.attemptBudgetBase,
      error.retriable,
      this.config.retryPolicy,
    );
    const failure = {
      service: task.service,
      attempt,
      error: { code: error.code, retriable: error.retriable },
    };
    const change = (nextAttemptAt: Date | null): TaskStatusChange => ({
      taskId: task.id,
      from: [task.status],
      to: 'failed',
      columns: { lastError: error, ackDueAt: null, nextAttemptAt },
    });
    if (decision.kind === 'give_up') {
      return {
        change: change(null),
        events: [{ type: 'task.gave_up', actor: 'system', data: { ...failure, reason: decision.reason } }],
        afterCommit: NOTHING_AFTER_COMMIT,
      };
    }
    const at = new Date(now.getTime() + decision.delayMs);
    return {
      change: change(at),
      events: [
        {
          type: 'task.retry_scheduled',
          actor: 'system',
          data: { ...failure, nextAttempt: decision.nextAttempt, at: at.toISOString() },
        },
      ],
      afterCommit: {
        timers: [
          { job: { name: 'task.retry', data: { taskId: task.id, attempt: decision.nextAttempt } }, at },
        ],
        dispatch: false,
        retries: [{ service: task.service, reason: retryReason(error) }],
      },
    };
  }

  /** A dispatch went unanswered for the acknowledgement timeout: a retriable failure. */
  async onAckTimeout(taskId: string, attempt: number): Promise<void> {
    await this.inTaskTransaction(taskId, async (manager, request, task, now) => {
      if (
        task.status !== 'dispatched' ||
        task.attempts !== attempt ||
        !task.ackDueAt ||
        task.ackDueAt > now
      ) {
        return NOTHING_AFTER_COMMIT;
      }
      const error: ErasureError = {
        code: ACK_TIMEOUT_CODE,
        message: `no result within ${this.config.retryPolicy.ackTimeoutMs} ms of dispatch ${attempt}`,
        retriable: true,
      };
      const outcome = this.recordFailure(task, attempt, error, now);
      const applied = await this.state.applyResults(manager, [outcome.change], now);
      if (applied.length === 0) return NOTHING_AFTER_COMMIT;
      await this.state.settleRequests(manager, [{ request, events: outcome.events }], now);
      return outcome.afterCommit;
    });
  }

  /** A scheduled retry is due: queue the next dispatch (once, however often this runs). */
  async onRetryDue(taskId: string, attempt: number): Promise<void> {
    await this.inTaskTransaction(taskId, async (manager, _request, task, now) => {
      if (
        task.status !== 'failed' ||
        task.attempts !== attempt - 1 ||
        !task.nextAttemptAt ||
        task.nextAttemptAt > now
      ) {
        return NOTHING_AFTER_COMMIT;
      }
      await this.queueDispatch(manager, task, attempt, now);
      return { timers: [], dispatch: true };
    });
  }

  /** Queues dispatch number `attempt` unless it is queued already; the relay clears nextAttemptAt. */
  async queueDispatch(
    manager: EntityManager,
    task: Pick<ErasureTaskEntity, 'id'>,
    attempt: number,
    now: Date,
  ): Promise<void> {
    await this.outbox.enqueue(manager, [{ taskId: task.id, attempt }], now);
  }

  async runAfterCommit(afterCommit: AfterCommit): Promise<void> {
    for (const retry of afterCommit.retries ?? []) this.metrics.recordRetry(retry.service, retry.reason);
    await this.timers.schedule(afterCommit.timers);
    if (afterCommit.dispatch) this.relay.nudge();
  }

  private async inTaskTransaction(
    taskId: string,
    work: (
      manager: EntityManager,
      request: ErasureRequestEntity,
      task: ErasureTaskEntity,
      now: Date,
    ) => Promise<AfterCommit>,
  ): Promise<void> {
    const afterCommit = await this.dataSource.transaction(async (manager) => {
      const located = await this.tasks.findOne(manager, taskId);
      if (!located) return NOTHING_AFTER_COMMIT;
      const request = await this.requests.lock(manager, located.requestId);
      // read again under the request's lock: the first read only found which request to lock
      const task = await this.tasks.findOne(manager, taskId);
      if (!request || !task) return NOTHING_AFTER_COMMIT;
      return work(manager, request, task, this.clock.now());
    });
    await this.runAfterCommit(afterCommit);
    this.logger.debug(`timer handled for task ${taskId}`);
  }
}
