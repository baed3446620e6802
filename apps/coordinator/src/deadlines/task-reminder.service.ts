import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { IntervalPoller } from '../common/interval-poller';
import { CoordinatorConfig } from '../config/coordinator-config';
import { LedgerRepository, requestStream } from '../ledger/ledger.repository';
import { OPEN_REQUEST_STATUSES_SQL } from '../requests/request-lifecycle';
import { ErasureRequestRepository } from '../tasks/erasure-request.repository';
import { EscalationDeliveryRepository } from './escalation-delivery.repository';
import { ReminderCandidate, reminderDue } from './task-reminder-rules';

const REMINDER_BATCH = 100;

interface TaskRow extends ReminderCandidate {
  id: string;
  requestId: string;
  service: string;
}

const TASK_COLUMNS = `t.id, t.request_id AS "requestId", t.service, t.status, s.registration,
  t.dispatched_at AS "dispatchedAt", t.expected_at AS "expectedAt", t.reminded_for AS "remindedFor"`;

/**
 * Reminds, through the ledger and the escalation webhook's outbox, when a manual task waits for a person past
 * `LETHE_MANUAL_TASK_EXPECTED_MS`, or a webhook or OpenDSR target has not reported by the time it said: the
 * coordinator's retries do not chase those, so without a reminder nobody would notice until the deadline.
 * Once per expected time (erasure_tasks.reminded_for), with the ledger event and the delivery row in one
 * transaction.
 */
@Injectable()
export class TaskReminderService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TaskReminderService.name);
  private readonly poller = new IntervalPoller({
    what: 'task reminders',
    pass: () => this.tick(),
    log: this.logger,
    whileRunning: 'skip',
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: ErasureRequestRepository,
    private readonly deliveries: EscalationDeliveryRepository,
    private readonly ledger: LedgerRepository,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.poller.start({ intervalMs: this.config.targets.reminderPollIntervalMs, passNow: false });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  /** One round; returns how many reminders it recorded. Failures wait for the next round: nothing is lost. */
  async tick(): Promise<number> {
    try {
      let reminded = 0;
      for (const candidate of await this.candidates()) {
        if (await this.remind(candidate)) reminded += 1;
      }
      return reminded;
    } catch (error) {
      this.logger.warn(`task reminder round failed: ${(error as Error).message}`);
      return 0;
    }
  }

  /** A superset of what is owed (the rule decides under the lock); SQL only narrows it down. */
  private async candidates(): Promise<TaskRow[]> {
    const now = this.clock.now();
    const manualSince = new Date(now.getTime() - this.config.targets.manualTaskExpectedMs);
    return (await this.dataSource.query(
      `SELECT ${TASK_COLUMNS}
         FROM erasure_tasks t
         JOIN erasure_requests r ON r.id = t.request_id
         LEFT JOIN registered_services s ON s.name = t.service
        WHERE r.status IN ${OPEN_REQUEST_STATUSES_SQL}
          AND ((t.status = 'waiting' AND t.expected_at <= $1
                AND t.reminded_for IS DISTINCT FROM t.expected_at)
            OR (t.status = 'dispatched' AND s.registration = 'manual' AND t.dispatched_at <= $2
                AND t.reminded_for IS DISTINCT FROM t.dispatched_at + ($3::bigint * interval '1 millisecond')))
        ORDER BY t.id
        LIMIT $4`,
      [now, manualSince, this.config.targets.manualTaskExpectedMs, REMINDER_BATCH],
    )) as TaskRow[];
  }

  private async remind(candidate: TaskRow): Promise<boolean> {
    const reminded = await this.dataSource.transaction(async (manager) => {
      // one lock order everywhere: the request first, then its task
      await this.requests.lock(manager, candidate.requestId);
      const [task] = (await manager.query(
        `SELECT ${TASK_COLUMNS} FROM erasure_tasks t
           LEFT JOIN registered_services s ON s.name = t.service
          WHERE t.id = $1 FOR UPDATE OF t`,
        [candidate.id],
      )) as TaskRow[];
      const now = this.clock.now();
      const expectedAt = task && reminderDue(task, now, this.config.targets.manualTaskExpectedMs);
      if (!task || !expectedAt) return undefined;
      // a marker, not a status: the task stays where it is, only the reminder for this expected time is spent
      await manager.query(`UPDATE erasure_tasks SET reminded_for = $2 WHERE id = $1`, [task.id, expectedAt]);
      if (this.config.escalationWebhookUrl) {
        await this.deliveries.enqueue(
          manager,
          {
            requestId: task.requestId,
            kind: 'task_reminder',
            dueAt: expectedAt,
            task: { id: task.id, service: task.service },
          },
          now,
        );
      }
      await this.ledger.append(
        manager,
        requestStream(task.requestId),
        [
          {
            type: 'task.reminder',
            actor: 'system',
            data: {
              service: task.service,
              status: task.status,
              registration: task.registration ?? 'sdk',
              expectedAt: expectedAt.toISOString(),
            },
          },
        ],
        now,
      );
      return task;
    });
    if (reminded) {
      this.logger.warn(
        `task of ${reminded.service} for request ${reminded.requestId} is ${reminded.status} past its expected time`,
      );
    }
    return reminded !== undefined;
  }
}
