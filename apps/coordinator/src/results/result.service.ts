import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErasureResult } from '@lethe/deletion-sdk/protocol';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { NewAuditEvent } from '../ledger/ledger.repository';
import { MetricsService } from '../metrics/metrics.service';
import { AfterCommit, NOTHING_AFTER_COMMIT, TaskRetryService } from '../retries/task-retry.service';
import { ErasureRequestRepository } from '../tasks/erasure-request.repository';
import { ErasureTaskEntity } from '../tasks/erasure-task.entity';
import { ErasureTaskRepository, TaskStatusChange } from '../tasks/erasure-task.repository';
import { progressAfter, TaskStateService } from '../tasks/task-state.service';
import { decideResult } from './result-decision';
import { maskResultText } from './result-text-masking';

/** What an operator records beside a confirmed result; validated free of personal data before it gets here. */
export interface ResultEvidence {
  note: string | null;
  evidenceSha256: string | null;
}

/** A verified result and who reported it: the service itself, or an operator confirming for a manual one. */
export interface ReportedResult {
  result: ErasureResult;
  actor: string;
  /** An operator's note and file digest, kept with the result in the ledger. */
  evidence?: ResultEvidence;
}

interface Completion {
  seconds: number;
  service: string;
  outcome: ErasureResult['outcome'];
}

interface Decided {
  change: TaskStatusChange;
  requestId: string;
  events: NewAuditEvent[];
  afterCommit: AfterCommit;
  completion?: Completion;
}

/**
 * Applies verified results, many per transaction: the requests are locked in id order (request → task → audit
 * stream), the tasks read in one query, every result decided in the order it arrived against the task as the
 * results before it left it, the changes written in one guarded statement and the audit events in one append.
 * Idempotent: a duplicate, a result for a finished task or an answer to a superseded attempt changes nothing, so
 * a batch applied twice (a redelivery after a crash) changes nothing the second time.
 */
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

  /** Applies one result (an operator's manual confirmation, with its evidence, or a single message). */
  async apply(
    received: ErasureResult,
    actor = `service:${received.service}`,
    evidence?: ResultEvidence,
  ): Promise<void> {
    await this.applyMany([{ result: received, actor, evidence }]);
  }

  /** Applies results in one transaction, in the order given; throws (and applies none) if it cannot commit. */
  async applyMany(reported: ReportedResult[]): Promise<void> {
    if (reported.length === 0) return;
    // Masked before anything is logged or stored: the ledger can never forget what a service quoted.
    const masked = reported.map((entry) => ({ ...entry, result: maskResultText(entry.result) }));
    const decided = await this.dataSource.transaction((manager) => this.applyInTransaction(manager, masked));
    for (const { completion } of decided) {
      if (completion)
        this.metrics.observeTaskCompletion(completion.seconds, completion.service, completion.outcome);
    }
    await this.retries.runAfterCommit({
      timers: decided.flatMap((d) => d.afterCommit.timers),
      dispatch: decided.some((d) => d.afterCommit.dispatch),
      retries: decided.flatMap((d) => d.afterCommit.retries ?? []),
    });
  }

  private async applyInTransaction(manager: EntityManager, reported: ReportedResult[]): Promise<Decided[]> {
    const locked = await this.requests.lockMany(
      manager,
      reported.map(({ result }) => result.requestId),
    );
    const requests = new Map(locked.map((request) => [request.id, request]));
    // every task of the locked requests, not only the reported ones: settling then needs no second read
    const found = await this.tasks.findOfRequests(manager, [...requests.keys()]);
    // the requests are locked, so these reads are current; each decision then sees the ones before it
    const tasks = new Map(found.map((task) => [task.id, { ...task }]));
    const now = this.clock.now();
    const decided: Decided[] = [];
    for (const { result, actor, evidence } of reported) {
      const task = tasks.get(result.taskId);
      if (!requests.has(result.requestId) || !task || task.requestId !== result.requestId) {
        this.logger.warn(`ignoring result ${result.id}: unknown request or task`);
        continue;
      }
      const decision = decideResult(task, result);
      if (decision.kind === 'ignore') {
        this.logger.debug(`ignoring result ${result.id}: ${decision.reason}`);
        continue;
      }
      const entry = this.decide(task, result, actor, decision.status, now, evidence);
      task.status = entry.change.to;
      decided.push(entry);
    }
    const applied = new Set(
      await this.state.applyResults(
        manager,
        decided.map((d) => d.change),
        now,
      ),
    );
    const effective = decided.filter((d) => applied.has(d.change));
    const touched = [...new Set(effective.map((d) => d.requestId))];
    const touchedSet = new Set(touched);
    await this.state.settleRequests(
      manager,
      touched.map((id) => ({
        request: requests.get(id)!,
        events: effective.filter((d) => d.requestId === id).flatMap((d) => d.events),
      })),
      now,
      progressAfter(
        found.filter((task) => touchedSet.has(task.requestId)),
        effective.map((d) => d.change),
      ),
    );
    return effective;
  }

  private decide(
    task: ErasureTaskEntity,
    result: ErasureResult,
    actor: string,
    status: ErasureTaskEntity['status'],
    now: Date,
    evidence?: ResultEvidence,
  ): Decided {
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
    const completion = task.dispatchedAt
      ? {
          seconds: (Date.parse(result.completedAt) - task.dispatchedAt.getTime()) / 1000,
          service: task.service,
          outcome: result.outcome,
        }
      : undefined;
    if (status === 'failed') {
      this.logger.warn(
        `task ${task.id} of ${task.service} failed (attempt ${result.attempt}): ${result.error!.message}`,
      );
      const failure = this.retries.recordFailure(task, result.attempt, result.error!, now);
      const change = {
        ...failure.change,
        columns: { ...failure.change.columns, recordsAffected: result.recordsAffected },
      };
      events.push(...failure.events);
      return { change, requestId: task.requestId, events, afterCommit: failure.afterCommit, completion };
    }
    const change: TaskStatusChange = {
      taskId: task.id,
      from: [task.status],
      to: status,
      columns: {
        recordsAffected: result.recordsAffected,
        retention: result.retention ?? null,
        lastError: null,
        completedAt: new Date(result.completedAt),
        ackDueAt: null,
        nextAttemptAt: null,
      },
    };
    return { change, requestId: task.requestId, events, afterCommit: NOTHING_AFTER_COMMIT, completion };
  }
}
