import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parseErasureResult } from '@lethe/deletion-sdk/protocol';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { outboundUrlProblem } from '../http/outbound-url-policy';
import { ResultService } from '../results/result.service';
import { ErasureRequestRepository } from '../tasks/erasure-request.repository';
import { ErasureTaskRepository } from '../tasks/erasure-task.repository';
import { TaskStateService } from '../tasks/task-state.service';
import { DispatchedTask, TargetAnswer, toErasureResult } from './target-answer';
import { TargetKind } from './target-kinds';
import { TargetRepository } from './target-repository';

/**
 * Applies what a target said to its task. An outcome becomes a result and takes the path every result takes
 * (ResultService.apply: idempotent, retries and escalation of the retry policy, ledger, settling); `accepted`
 * moves the task to `waiting` with the expected time, through TaskStateService like every status change.
 */
@Injectable()
export class TargetOutcomes {
  private readonly logger = new Logger(TargetOutcomes.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly results: ResultService,
    private readonly state: TaskStateService,
    private readonly tasks: ErasureTaskRepository,
    private readonly requests: ErasureRequestRepository,
    private readonly targets: TargetRepository,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
  ) {}

  async apply(task: DispatchedTask, kind: TargetKind, answer: TargetAnswer, actor: string): Promise<void> {
    if (answer.kind === 'accepted') return this.wait(task, answer, actor);
    const now = this.clock.now();
    const result = parseErasureResult(toErasureResult(answer, task, kind, randomUUID(), now));
    await this.results.apply(result, actor);
    await this.targets.settle(task.taskId, task.attempt, now);
  }

  private async wait(
    task: DispatchedTask,
    answer: Extract<TargetAnswer, { kind: 'accepted' }>,
    actor: string,
  ): Promise<void> {
    let statusUrl = answer.statusUrl;
    if (statusUrl && outboundUrlProblem(statusUrl, this.config.targets.urlAllowlist)) {
      // a status URL outside the allow-list is never called: the target must call back instead
      this.logger.warn(`ignoring the status URL of ${task.service}: it is not on the target allow-list`);
      statusUrl = null;
    }
    await this.dataSource.transaction(async (manager) => {
      const request = await this.requests.lock(manager, task.requestId);
      const current = await this.tasks.findOne(manager, task.taskId);
      if (!request || !current || current.attempts !== task.attempt) return;
      if (current.status !== 'dispatched' && current.status !== 'waiting') return;
      const now = this.clock.now();
      const applied = await this.state.applyResults(
        manager,
        [
          {
            taskId: task.taskId,
            from: [current.status],
            to: 'waiting',
            columns: { expectedAt: answer.expectedAt, ackDueAt: null },
          },
        ],
        now,
      );
      if (applied.length === 0) return;
      const nextPollAt = statusUrl
        ? new Date(now.getTime() + this.config.targets.statusPollIntervalMs)
        : null;
      await this.targets.recordWait(manager, {
        ...task,
        expectedAt: answer.expectedAt,
        statusUrl,
        nextPollAt,
      });
      // only the first acceptance of an attempt is an event; a poll saying "still working" is not
      const events =
        current.status === 'dispatched'
          ? [
              {
                type: 'task.waiting',
                actor,
                data: {
                  service: task.service,
                  attempt: task.attempt,
                  expectedAt: answer.expectedAt.toISOString(),
                },
              },
            ]
          : [];
      await this.state.settleRequests(manager, [{ request, events }], now);
    });
  }
}
