import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { DeadlineEscalationService } from '../deadlines/deadline-escalation.service';
import { checkExtension } from '../deadlines/extension-policy';
import { LedgerRepository, requestStream } from '../ledger/ledger.repository';
import { TaskRetryService } from '../retries/task-retry.service';
import { TimerQueue } from '../retries/timer-queue';
import { ErasureTaskEntity } from '../tasks/erasure-task.entity';
import { isTaskTerminal } from '../tasks/task-lifecycle';
import { ExtendErasureRequestDto } from './dto/extend-erasure-request.dto';
import { ErasureRequestEntity } from './erasure-request.entity';
import { ErasureRequestErrorCode, ErasureRequestException } from './erasure-request.exception';
import { isRequestTerminal } from './request-lifecycle';
import { lockRequest } from './request-lock';

/** Operator actions on a request: cancel, extend the deadline, retry failed tasks. Each is audited with its actor. */
@Injectable()
export class ErasureRequestActionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly retries: TaskRetryService,
    private readonly deadlines: DeadlineEscalationService,
    private readonly timers: TimerQueue,
    private readonly clock: Clock,
    private readonly config: CoordinatorConfig,
  ) {}

  /** Stops a request before completion; unfinished tasks are cancelled and no further command is sent. */
  async cancel(id: string, actor: string, reason?: string): Promise<void> {
    await this.withOpenRequest(id, 'cancel', async (manager, request, now) => {
      const open = (await manager.getRepository(ErasureTaskEntity).findBy({ requestId: id })).filter(
        (task) => !isTaskTerminal(task.status),
      );
      if (open.length > 0) {
        await manager
          .getRepository(ErasureTaskEntity)
          .update(
            { id: In(open.map((task) => task.id)) },
            { status: 'cancelled', ackDueAt: null, nextAttemptAt: null, updatedAt: now },
          );
      }
      await manager
        .getRepository(ErasureRequestEntity)
        .update({ id }, { status: 'cancelled', cancelledAt: now, updatedAt: now });
      await this.ledger.append(
        manager,
        requestStream(id),
        [
          {
            type: 'request.cancelled',
            actor,
            data: {
              from: request.status,
              tasksCancelled: open.map((task) => task.service),
              reason: reason ?? null,
            },
          },
        ],
        now,
      );
    });
  }

  /** Extends the deadline once, within what the regulation allows; refuses with the legal reason otherwise. */
  async extend(id: string, input: ExtendErasureRequestDto, actor: string): Promise<void> {
    const updated = await this.withOpenRequest(id, 'extend', async (manager, request, now) => {
      const verdict = checkExtension({
        regulation: request.regulation,
        receivedAt: request.submittedAt,
        currentDueAt: request.dueAt,
        alreadyExtended: request.extendedAt !== null,
        days: input.days,
        reason: input.reason,
        now,
        timeZone: this.config.deadlineCalendar.timeZone,
      });
      if (!verdict.allowed) {
        throw new ErasureRequestException(
          verdict.refusal === 'too_late'
            ? ErasureRequestErrorCode.ExtensionTooLate
            : ErasureRequestErrorCode.ExtensionRefused,
          verdict.reason,
        );
      }
      // at risk starts over for the new due date; a recorded overdue stays, as the ledger's proof of lateness
      const changes = {
        dueAt: verdict.newDueAt,
        extendedAt: now,
        extensionReason: input.reason.trim(),
        atRiskAt: null,
        updatedAt: now,
      };
      await manager.getRepository(ErasureRequestEntity).update({ id }, changes);
      await this.ledger.append(
        manager,
        requestStream(id),
        [
          {
            type: 'request.extended',
            actor,
            data: {
              days: input.days,
              reason: input.reason.trim(),
              previousDueAt: request.dueAt.toISOString(),
              dueAt: verdict.newDueAt.toISOString(),
            },
          },
        ],
        now,
      );
      return { ...request, ...changes };
    });
    await this.timers.schedule(this.deadlines.timersFor(updated));
  }

  /** Re-dispatches every failed task now, with a fresh attempt budget, and puts the request back in progress. */
  async retry(id: string, actor: string): Promise<void> {
    const services = await this.withOpenRequest(id, 'retry', async (manager, request, now) => {
      const failed = await manager
        .getRepository(ErasureTaskEntity)
        .findBy({ requestId: id, status: 'failed' });
      if (failed.length === 0) {
        throw new ErasureRequestException(
          ErasureRequestErrorCode.NothingToRetry,
          `request ${id} has no failed task to retry (status ${request.status})`,
        );
      }
      for (const task of failed) {
        await manager
          .getRepository(ErasureTaskEntity)
          .update({ id: task.id }, { attemptBudgetBase: task.attempts, nextAttemptAt: now, updatedAt: now });
        await this.retries.queueDispatch(manager, task, task.attempts + 1, now);
      }
      await manager
        .getRepository(ErasureRequestEntity)
        .update({ id }, { status: 'in_progress', updatedAt: now });
      await this.ledger.append(
        manager,
        requestStream(id),
        [
          {
            type: 'request.retried',
            actor,
            data: { from: request.status, services: failed.map((task) => task.service) },
          },
        ],
        now,
      );
      return failed.map((task) => task.service);
    });
    await this.retries.runAfterCommit({
      timers: [],
      dispatch: true,
      retries: services.map((service) => ({ service, reason: 'operator' })),
    });
  }

  private async withOpenRequest<T>(
    id: string,
    action: string,
    work: (manager: EntityManager, request: ErasureRequestEntity, now: Date) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const request = await lockRequest(manager, id);
      if (!request) {
        throw new ErasureRequestException(
          ErasureRequestErrorCode.NotFound,
          `erasure request ${id} does not exist`,
        );
      }
      if (isRequestTerminal(request.status)) {
        throw new ErasureRequestException(
          ErasureRequestErrorCode.AlreadyFinished,
          `cannot ${action} request ${id}: it is already ${request.status}`,
        );
      }
      return work(manager, request, this.clock.now());
    });
  }
}
