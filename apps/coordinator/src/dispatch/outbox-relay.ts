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
import { ScheduledTimer, TimerQueue } from '../retries/timer-queue';
import { buildErasureCommand, DispatchRow } from './command-builder';
import { DispatchErrorCode, DispatchException } from './dispatch.exception';

interface ClaimedRow extends DispatchRow {
  outboxId: string;
  taskStatus: string;
  /** Manual services are confirmed by a person, so their dispatches have no acknowledgement timeout. */
  awaitsAck: boolean;
  sealedIdentities: Buffer | null;
  wrappedDataKey: Buffer | null;
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
              t.service, t.status AS "taskStatus", r.id AS "requestId", r.due_at AS "dueAt",
              r.sealed_identities AS "sealedIdentities", r.wrapped_data_key AS "wrappedDataKey",
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

    const requestIds = [...new Set(rows.map((row) => row.requestId))].sort();
    // lock order request → task → audit stream, the same as result processing, so the two never deadlock
    await manager.query(`SELECT id FROM erasure_requests WHERE id = ANY($1) ORDER BY id FOR UPDATE`, [
      requestIds,
    ]);

    const now = this.clock.now();
    const { published: live, refused } = await this.publish(
      rows.filter((row) => ['pending', 'dispatched', 'failed'].includes(row.taskStatus)),
      now,
    );

    await manager.query(`UPDATE outbox_messages SET sent_at = $2 WHERE id = ANY($1)`, [
      rows.map((row) => row.outboxId),
      now,
    ]);
    const ackDueAt = new Date(now.getTime() + this.config.retryPolicy.ackTimeoutMs);
    await manager.query(
      `UPDATE erasure_tasks t SET status = 'dispatched', attempts = GREATEST(t.attempts, v.attempt),
              dispatched_at = $3, ack_due_at = CASE WHEN v.awaits_ack THEN $4::timestamptz END,
              next_attempt_at = NULL, updated_at = $3
         FROM unnest($1::uuid[], $2::int[], $5::boolean[]) AS v(id, attempt, awaits_ack)
        WHERE t.id = v.id`,
      [
        live.map((row) => row.taskId),
        live.map((row) => row.attempt),
        now,
        ackDueAt,
        live.map((row) => row.awaitsAck),
      ],
    );
    await manager.query(
      `UPDATE erasure_requests SET status = 'in_progress', updated_at = $2 WHERE id = ANY($1) AND status = 'received'`,
      [requestIds, now],
    );
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

  /**
   * Publishes what can be built; a command whose request lost its identities is refused (marked sent, recorded in
   * the ledger, its task left as it is) instead of failing the batch, which would block the outbox for ever.
   */
  private async publish(
    rows: ClaimedRow[],
    now: Date,
  ): Promise<{ published: ClaimedRow[]; refused: { row: ClaimedRow; error: DispatchException }[] }> {
    const byTopic = new Map<string, Message[]>();
    const identitiesByRequest = new Map<string, SubjectIdentity[]>();
    const published: ClaimedRow[] = [];
    const refused: { row: ClaimedRow; error: DispatchException }[] = [];
    for (const row of rows) {
      let identities = identitiesByRequest.get(row.requestId);
      if (!identities) {
        try {
          identities = this.openIdentities(row);
        } catch (error) {
          if (!(error instanceof DispatchException)) throw error;
          this.logger.warn(`not dispatching to ${row.service}: ${error.message}`);
          refused.push({ row, error });
          continue;
        }
        identitiesByRequest.set(row.requestId, identities);
      }
      published.push(row);
      // issuedAt is the publish time, so a re-published row and every retry start a fresh replay window.
      const command = buildErasureCommand(row, identities, now);
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
    return { published, refused };
  }

  private openIdentities(row: ClaimedRow): SubjectIdentity[] {
    if (!row.sealedIdentities || !row.wrappedDataKey) {
      throw new DispatchException(
        DispatchErrorCode.IdentitiesShredded,
        `the identities of request ${row.requestId} were crypto-shredded, so no command can be built for it`,
      );
    }
    return openPayload<{ identities: SubjectIdentity[] }>(this.keys.dataKeyWrappingKey, {
      ciphertext: row.sealedIdentities,
      wrappedDataKey: row.wrappedDataKey,
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
