import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErasureError } from '@lethe/deletion-sdk';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { OutboxRelay } from '../dispatch/outbox-relay';
import { LedgerRepository, NewAuditEvent, requestStream } from '../ledger/ledger.repository';
import { ErasureRequestEntity } from '../requests/erasure-request.entity';
import { lockRequest } from '../requests/request-lock';
import { canTransitionRequest, settledRequestStatus } from '../requests/request-lifecycle';
import { MetricsService } from '../metrics/metrics.service';
import { ErasureTaskEntity } from '../tasks/erasure-task.entity';
import { decideAfterFailure } from './retry-policy';
import { ScheduledTimer, TimerQueue } from './timer-queue';

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
export class TaskRetryService {
  private readonly logger = new Logger(TaskRetryService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly timers: TimerQueue,
    private readonly relay: OutboxRelay,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Records a failed dispatch inside the caller's transaction (the request row is locked) and decides: retry with
   * backoff, or stop and leave it to an operator. Returns the audit events and timers for the caller.
   */
  recordFailure(
    task: ErasureTaskEntity,
    attempt: number,
    error: ErasureError,
    now: Date,
  ): { changes: Partial<ErasureTaskEntity>; events: NewAuditEvent[]; afterCommit: AfterCommit } {
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
    if (decision.kind === 'give_up') {
      return {
        changes: { status: 'failed', lastError: error, ackDueAt: null, nextAttemptAt: null, updatedAt: now },
        events: [{ type: 'task.gave_up', actor: 'system', data: { ...failure, reason: decision.reason } }],
        afterCommit: NOTHING_AFTER_COMMIT,
      };
    }
    const at = new Date(now.getTime() + decision.delayMs);
    return {
      changes: { status: 'failed', lastError: error, ackDueAt: null, nextAttemptAt: at, updatedAt: now },
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
      await manager.getRepository(ErasureTaskEntity).update({ id: task.id }, outcome.changes);
      await this.settleRequest(manager, request, now, outcome.events);
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

  /** Inserts the outbox row for dispatch number `attempt` unless it exists; the relay clears nextAttemptAt. */
  async queueDispatch(
    manager: EntityManager,
    task: ErasureTaskEntity,
    attempt: number,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO outbox_messages (command_id, task_id, attempt, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (task_id, attempt) DO NOTHING`,
      [randomUUID(), task.id, attempt, now],
    );
  }

  /** Moves the request to where its tasks say it stands and appends the events, in the caller's transaction. */
  async settleRequest(
    manager: EntityManager,
    request: ErasureRequestEntity,
    now: Date,
    events: NewAuditEvent[],
  ): Promise<void> {
    const tasks = await manager.getRepository(ErasureTaskEntity).find({
      where: { requestId: request.id },
      select: { status: true, nextAttemptAt: true },
    });
    const next = settledRequestStatus(tasks);
    if (next !== request.status && canTransitionRequest(request.status, next)) {
      await manager
        .getRepository(ErasureRequestEntity)
        .update(
          { id: request.id },
          { status: next, completedAt: next === 'completed' ? now : null, updatedAt: now },
        );
      events.push({ type: `request.${next}`, actor: 'system', data: { from: request.status } });
    }
    await this.ledger.append(manager, requestStream(request.id), events, now);
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
      const located = await manager.getRepository(ErasureTaskEntity).findOne({
        where: { id: taskId },
        select: { requestId: true },
      });
      if (!located) return NOTHING_AFTER_COMMIT;
      const request = await lockRequest(manager, located.requestId);
      const task = await manager.getRepository(ErasureTaskEntity).findOneByOrFail({ id: taskId });
      if (!request) return NOTHING_AFTER_COMMIT;
      return work(manager, request, task, this.clock.now());
    });
    await this.runAfterCommit(afterCommit);
    this.logger.debug(`timer handled for task ${taskId}`);
  }
}
