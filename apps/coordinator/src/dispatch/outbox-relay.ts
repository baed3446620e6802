import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { encodeMessage, SubjectIdentity } from '@lethe/deletion-sdk/protocol';
import { Message } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { openPayload } from '../crypto/identity-vault';
import { KeyRing } from '../crypto/key-ring';
import { KafkaConnection } from '../kafka/kafka-connection';
import { LedgerRepository, NewAuditEvent, requestStream } from '../ledger/ledger.repository';
import { ErasureRequestRepository } from '../tasks/erasure-request.repository';
import { TaskStateService } from '../tasks/task-state.service';
import { ScheduledTimer, TimerQueue } from '../timers/timer-queue';
import { buildErasureCommand, DispatchRow } from './command-builder';
import { DispatchErrorCode, DispatchException } from './dispatch.exception';

interface ClaimedRow extends DispatchRow {
  outboxId: string;
  /** Manual services are confirmed by a person, so their dispatches have no acknowledgement timeout. */
  awaitsAck: boolean;
  sealedIdentities: Buffer | null;
  wrappedDataKey: Buffer | null;
  dryRun: boolean;
}

const PUBLISH_TIMEOUT_MS = 30_000;

/**
 * Publishes outbox rows to the services' command topics. Rows are claimed with FOR UPDATE SKIP LOCKED, so several
 * coordinator replicas can relay side by side; a row is marked sent only in the transaction that published it,
 * so a crash between publish and commit re-sends (at-least-once; the SDK recognises the command id).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kafka: KafkaConnection,
    private readonly keys: KeyRing,
    private readonly ledger: LedgerRepository,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
    private readonly timers: TimerQueue,
    private readonly state: TaskStateService,
    private readonly requests: ErasureRequestRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.nudge(), this.config.outboxPollIntervalMs);
    this.nudge();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Asks for a relay pass soon; passes never overlap, and a nudge during a pass triggers one more. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn(`outbox relay pass failed, will retry: ${String(error)}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /** Relays batches until the outbox is empty; returns how many commands were published. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await this.dataSource.transaction((manager) => this.relayBatch(manager));
      // acknowledgement timers only for dispatches that committed
      await this.timers.schedule(batch.ackTimers);
      total += batch.claimed;
      if (batch.claimed < this.config.outboxBatchSize || this.stopped) return total;
    }
  }

  private async relayBatch(
    manager: EntityManager,
  ): Promise<{ claimed: number; ackTimers: ScheduledTimer[] }> {
    const rows: ClaimedRow[] = await manager.query(
      `SELECT o.id AS "outboxId", o.command_id AS "commandId", o.attempt, o.task_id AS "taskId",
              t.service, r.id AS "requestId", r.due_at AS "dueAt",
              r.sealed_identities AS "sealedIdentities", r.wrapped_data_key AS "wrappedDataKey",
              r.dry_run AS "dryRun",
              COALESCE(s.registration, 'sdk') <> 'manual' AS "awaitsAck"
         FROM outbox_messages o
         JOIN erasure_tasks t ON t.id = o.task_id
         JOIN erasure_requests r ON r.id = t.request_id
         LEFT JOIN registered_services s ON s.name = t.service
        WHERE o.sent_at IS NULL
        ORDER BY o.id
        LIMIT $1
          FOR UPDATE OF o SKIP LOCKED`,
      [this.config.outboxBatchSize],
    );
    if (rows.length === 0) return { claimed: 0, ackTimers: [] };

    const requestIds = [...new Set(rows.map((row) => row.requestId))];
    // lock order request → task → audit stream, the same as result processing, so the two never deadlock
    await this.requests.lockMany(manager, requestIds);

    // The task statuses read with the claim may be stale: a cancel (or a result) can commit between the claim
    // and the locks. The guarded update re-checks each task under the lock, and only what it moved is published.
    const now = this.clock.now();
    const ackDueAt = new Date(now.getTime() + this.config.retryPolicy.ackTimeoutMs);
    // a command whose request lost its identities is refused here, before its task could be marked dispatched
    const refused = rows.flatMap((row) => {
      const error = this.refusalOf(row);
      return error ? [{ row, error }] : [];
    });
    for (const { row, error } of refused)
      this.logger.warn(`not dispatching to ${row.service}: ${error.message}`);
    const buildable = rows.filter((row) => !this.refusalOf(row));
    const dispatched = await this.state.markDispatched(manager, buildable, now, ackDueAt);
    const live = buildable.filter((row) => dispatched.has(row.taskId));
    await this.publish(live, now);

    await manager.query(`UPDATE outbox_messages SET sent_at = $2 WHERE id = ANY($1)`, [
      rows.map((row) => row.outboxId),
      now,
    ]);
    for (const requestId of requestIds) {
      const events: NewAuditEvent[] = [
        ...live
          .filter((row) => row.requestId === requestId)
          .map((row) => ({
            type: 'task.dispatched',
            actor: 'system',
            data: { service: row.service, attempt: row.attempt, commandId: row.commandId },
          })),
        ...refused
          .filter(({ row }) => row.requestId === requestId)
          .map(({ row, error }) => ({
            type: 'task.dispatch_refused',
            actor: 'system',
            data: { service: row.service, attempt: row.attempt, commandId: row.commandId, code: error.code },
          })),
      ];
      await this.ledger.append(manager, requestStream(requestId), events, now);
    }
    const ackTimers = live
      .filter((row) => row.awaitsAck)
      .map((row) => ({
        job: { name: 'task.ack-timeout' as const, data: { taskId: row.taskId, attempt: row.attempt } },
        at: ackDueAt,
      }));
    return { claimed: rows.length, ackTimers };
  }

  /** Publishes the commands of tasks that were just marked dispatched, grouped by topic. */
  private async publish(rows: ClaimedRow[], now: Date): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    const identitiesByRequest = new Map<string, SubjectIdentity[]>();
    for (const row of rows) {
      let identities = identitiesByRequest.get(row.requestId);
      if (!identities) {
        identities = this.openIdentities(row);
        identitiesByRequest.set(row.requestId, identities);
      }
      // issuedAt is the publish time, so a re-published row and every retry start a fresh replay window.
      const command = buildErasureCommand(row, identities, now, row.dryRun);
      const topic = this.config.topics.commands(row.service);
      // Signed with the coordinator's own Ed25519 key over topic, key and value: no service secret can forge it.
      const { value, headers } = encodeMessage(
        command,
        { topic, key: row.requestId },
        this.keys.commandSigner,
      );
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: row.requestId, value, headers }]);
    }
    const sends = [...byTopic].map(([topic, messages]) => this.kafka.send(topic, messages));
    await withTimeout(Promise.all(sends), PUBLISH_TIMEOUT_MS, 'publishing commands to Kafka timed out');
  }

  /**
   * Why no command can be built for this row, if none can: its request's identities were crypto-shredded. Such a
   * row is marked sent and recorded in the ledger, its task left as it is, instead of failing the batch (which
   * would block the outbox for ever).
   */
  private refusalOf(row: ClaimedRow): DispatchException | undefined {
    if (row.sealedIdentities && row.wrappedDataKey) return undefined;
    return new DispatchException(
      DispatchErrorCode.IdentitiesShredded,
      `the identities of request ${row.requestId} were crypto-shredded, so no command can be built for it`,
    );
  }

  private openIdentities(row: ClaimedRow): SubjectIdentity[] {
    return openPayload<{ identities: SubjectIdentity[] }>(this.keys.dataKeyWrappingKey, {
      ciphertext: row.sealedIdentities!,
      wrappedDataKey: row.wrappedDataKey!,
    }).identities;
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
