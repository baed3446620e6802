import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErasureResult } from '@lethe/deletion-sdk/protocol';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { NewAuditEvent } from '../ledger/ledger.repository';
import { MetricsService } from '../metrics/metrics.service';
import { AfterCommit, NOTHING_AFTER_COMMIT, TaskRetryService } from '../retries/task-retry.service';
import { ErasureRequestRepository } from '../tasks/erasure-request.repository';
import { ErasureTaskRepository, TaskStatusChange } from '../tasks/erasure-task.repository';
import { TaskStateService } from '../tasks/task-state.service';
import { decideResult } from './result-decision';
import { maskResultText } from './result-text-masking';

/** What an operator records beside a confirmed result; validated free of personal data before it gets here. */
export interface ResultEvidence {
  note: string | null;
  evidenceSha256: string | null;
}

@Injectable()
export class ResultService {
  private readonly logger = new Logger(ResultService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly retries: TaskRetryService,
    private readonly state: TaskStateService,
    private readonly tasks: ErasureTaskRepository,
    private readonly requests: ErasureRequestRepository,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Applies a verified result to its task and, when that settles the request, to the request. `actor` is who
   * reported it: the service itself, or an operator confirming for a manually registered service, who may add
   * `evidence` (a note and a file digest) that the ledger keeps with the result.
   */
  async apply(
    received: ErasureResult,
    actor = `service:${received.service}`,
    evidence?: ResultEvidence,
  ): Promise<void> {
    // Masked before anything is logged or stored: the ledger can never forget what a service quoted.
    const result = maskResultText(received);
    let completion: { seconds: number; service: string; outcome: ErasureResult['outcome'] } | undefined;
    const afterCommit = await this.dataSource.transaction(async (manager) => {
      const request = await this.requests.lock(manager, result.requestId);
      const found = request ? await this.tasks.findOne(manager, result.taskId) : null;
      const task = found?.requestId === request?.id ? found : null;
      if (!request || !task) {
        this.logger.warn(`ignoring result ${result.id}: unknown request or task`);
        return NOTHING_AFTER_COMMIT;
      }
      const decision = decideResult(task, result);
      if (decision.kind === 'ignore') {
        this.logger.debug(`ignoring result ${result.id}: ${decision.reason}`);
        return NOTHING_AFTER_COMMIT;
      }
      const now = this.clock.now();
      const events: NewAuditEvent[] = [
        {
          type: 'task.result',
          actor,
          data: {
            service: result.service,
            attempt: result.attempt,
            outcome: result.outcome,
            recordsAffected: result.recordsAffected,
            retention: result.retention ?? null,
            error: result.error ? { code: result.error.code, retriable: result.error.retriable } : null,
            resultId: result.id,
            ...(evidence && { evidence }),
          },
        },
      ];
      let afterCommit: AfterCommit = NOTHING_AFTER_COMMIT;
      if (task.dispatchedAt) {
        const seconds = (Date.parse(result.completedAt) - task.dispatchedAt.getTime()) / 1000;
        completion = { seconds, service: task.service, outcome: result.outcome };
      }
      let change: TaskStatusChange;
      if (decision.status === 'failed') {
        this.logger.warn(
          `task ${task.id} of ${task.service} failed (attempt ${result.attempt}): ${result.error!.message}`,
        );
        const failure = this.retries.recordFailure(task, result.attempt, result.error!, now);
        change = {
          ...failure.change,
          columns: { ...failure.change.columns, recordsAffected: result.recordsAffected },
        };
        events.push(...failure.events);
        afterCommit = failure.afterCommit;
      } else {
        change = {
          taskId: task.id,
          from: [task.status],
          to: decision.status,
          columns: {
            recordsAffected: result.recordsAffected,
            retention: result.retention ?? null,
            lastError: null,
            completedAt: new Date(result.completedAt),
            ackDueAt: null,
            nextAttemptAt: null,
          },
        };
      }
      // the request is locked, so the task read above is current and the guarded update applies
      await this.state.applyResults(manager, [change], now);
      await this.state.settleRequests(manager, [{ request, events }], now);
      return afterCommit;
    });
    if (completion)
      this.metrics.observeTaskCompletion(completion.seconds, completion.service, completion.outcome);
    await this.retries.runAfterCommit(afterCommit);
  }
}
