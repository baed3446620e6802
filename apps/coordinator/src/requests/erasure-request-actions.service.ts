import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { DeadlineEscalationService } from '../deadlines/deadline-escalation.service';
import { checkExtension } from '../deadlines/extension-policy';
import { LedgerRepository, requestStream } from '../ledger/ledger.repository';
import { TaskRetryService } from '../retries/task-retry.service';
import { TimerQueue } from '../timers/timer-queue';
import { ErasureRequestRepository } from '../tasks/erasure-request.repository';
import { ErasureTaskRepository } from '../tasks/erasure-task.repository';
import { TaskStateService } from '../tasks/task-state.service';
import { ExtendErasureRequestDto } from './dto/extend-erasure-request.dto';
import { ErasureRequestEntity } from '../tasks/erasure-request.entity';
import { ErasureRequestErrorCode, ErasureRequestException } from './erasure-request.exception';
import { isRequestTerminal } from './request-lifecycle';

/** Operator actions on a request: cancel, extend the deadline, retry failed tasks. Each is audited with its actor. */
@Injectable()
export class ErasureRequestActionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly retries: TaskRetryService,
    private readonly state: TaskStateService,
    private readonly tasks: ErasureTaskRepository,
    private readonly requests: ErasureRequestRepository,
    private readonly deadlines: DeadlineEscalationService,
    private readonly timers: TimerQueue,
    private readonly clock: Clock,
    private readonly config: CoordinatorConfig,
  ) {}

  /** Stops a request before completion; unfinished tasks are cancelled and no further command is sent. */
  async cancel(id: string, actor: string, reason?: string): Promise<void> {
    await this.withOpenRequest(id, 'cancel', async (manager, request, now) => {
      const tasksCancelled = await this.state.cancelRequest(manager, request, now);
      await this.ledger.append(
        manager,
        requestStream(id),
        [
          {
            type: 'request.cancelled',
            actor,
            data: {
              from: request.status,
              tasksCancelled,
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
      await this.requests.updateDeadline(manager, id, changes);
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
      const failed = (await this.tasks.findOfRequest(manager, id)).filter((task) => task.status === 'failed');
      if (failed.length === 0) {
        throw new ErasureRequestException(
          ErasureRequestErrorCode.NothingToRetry,
          `request ${id} has no failed task to retry (status ${request.status})`,
        );
      }
      for (const task of await this.state.reopenForRetry(manager, request, failed, now)) {
        await this.retries.queueDispatch(manager, task, task.attempts + 1, now);
      }
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
      const request = await this.requests.lock(manager, id);
      if (!request) {
        throw new ErasureRequestException(
          ErasureRequestErrorCode.NotFound,
          `erasure request ${id} does not exist`,
        );
      }
      // a retry re-sends commands, which need the identities: once shredded, no retry can ever be possible again
      if (action === 'retry' && request.identitiesShreddedAt) {
        throw new ErasureRequestException(
          ErasureRequestErrorCode.IdentitiesShredded,
          `cannot retry request ${id}: its identities were crypto-shredded at ` +
            `${request.identitiesShreddedAt.toISOString()}, so no command can be sent again; submit a new request`,
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
