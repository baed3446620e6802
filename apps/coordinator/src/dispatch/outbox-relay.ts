import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { encodeMessage, SubjectIdentity } from '@lethe/deletion-sdk/protocol';
import { Message } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { IntervalPoller } from '../common/interval-poller';
import { EventLoopSlice } from '../common/event-loop-slice';
import { CoordinatorConfig } from '../config/coordinator-config';
import { openPayload } from '../crypto/identity-vault';
import { KeyRing } from '../crypto/key-ring';
import { serviceTopics } from '../kafka/coordinator-topics';
import { isUnknownTopicError, KafkaConnection } from '../kafka/kafka-connection';
import { LedgerRepository, NewAuditEvent, requestStream } from '../ledger/ledger.repository';
import { ErasureRequestRepository } from '../tasks/erasure-request.repository';
import { ErasureTaskRepository } from '../tasks/erasure-task.repository';
import { TaskStateService } from '../tasks/task-state.service';
import { taskStatusesLeadingTo } from '../tasks/task-lifecycle';
import { ScheduledTimer, TimerQueue } from '../timers/timer-queue';
import { buildErasureCommand, DispatchRow } from './command-builder';
import { DispatchErrorCode, DispatchException } from './dispatch.exception';
import { outboxBackoffMs, outboxErrorText } from './outbox-backoff';

interface ClaimedRow extends DispatchRow {
  outboxId: string;
  /** Manual services are confirmed by a person, so their dispatches have no acknowledgement timeout. */
  awaitsAck: boolean;
  publishAttempts: number;
  sealedIdentities: Buffer | null;
  wrappedDataKey: Buffer | null;
  dryRun: boolean;
}

interface Failure {
  row: ClaimedRow;
  error: unknown;
}

interface Built {
  row: ClaimedRow;
  topic: string;
  message: Message;
}

/**
 * Claims the next outbox rows ($1 at most, due by $2) and joins what a command needs to them. The rows are picked
 * and locked first, on the outbox alone (ix_outbox_messages_unsent in id order), and only those are joined: with
 * the LIMIT over the whole join, a planner whose statistics lag behind a bulk insert (hundreds of thousands of rows
 * a minute, before autovacuum analyses) joins and sorts the entire backlog for every batch, seconds of CPU each
 * and growing with the backlog, which stalled 100,000-subject bulk jobs.
 *
 * The same statement marks the claimed rows sent ($2): the batch's transaction commits only after its publish, so
 * no one sees them sent before, and a row that fails is put back unsent by `backOff`, in that transaction too.
 * That saves the relay a statement per batch.
 */
export const CLAIM_OUTBOX_BATCH = `
  WITH claimed AS MATERIALIZED (
    SELECT o.id, o.command_id, o.attempt, o.task_id, o.publish_attempts
      FROM outbox_messages o
     WHERE o.sent_at IS NULL AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= $2)
     ORDER BY o.id
     LIMIT $1
       FOR UPDATE SKIP LOCKED
  ),
  handed AS MATERIALIZED (
    SELECT c.id AS "outboxId", c.command_id AS "commandId", c.attempt, c.task_id AS "taskId",
           c.publish_attempts AS "publishAttempts",
           t.service, r.id AS "requestId", r.due_at AS "dueAt",
           r.sealed_identities AS "sealedIdentities", r.wrapped_data_key AS "wrappedDataKey",
           r.dry_run AS "dryRun",
           COALESCE(s.registration, 'sdk') <> 'manual' AS "awaitsAck"
      FROM claimed c
      JOIN erasure_tasks t ON t.id = c.task_id
      JOIN erasure_requests r ON r.id = t.request_id
      LEFT JOIN registered_services s ON s.name = t.service
  ),
  marked AS (
    -- only the rows handed to the relay: a row marked sent is one the relay has seen
    UPDATE outbox_messages o SET sent_at = $2, last_error = NULL FROM handed h WHERE o.id = h."outboxId"
  )
  SELECT * FROM handed ORDER BY "outboxId"`;

/**
 * Publishes outbox rows to the services' command topics, in large batches and several passes side by side. Rows
 * are claimed with FOR UPDATE SKIP LOCKED, so passes and coordinator replicas never claim the same row; a row is
 * marked sent only in the transaction that published it, so a crash between publish and commit re-sends
 * (at-least-once; the SDK recognises the command id). A row that cannot be published — its topic is gone, its
 * identities do not open — backs off on its own columns while the others go out.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly poller = new IntervalPoller({
    what: 'outbox relay pass',
    pass: () => this.drain(),
    log: this.logger,
    whileRunning: 'again',
  });

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
    private readonly tasks: ErasureTaskRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.poller.start({ intervalMs: this.config.outboxPollIntervalMs, passNow: true });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  /** Asks for a relay pass soon; passes never overlap, and a nudge during a pass triggers one more. */
  nudge(): void {
    this.poller.nudge();
  }

  /**
   * Relays until no row is due; with a backlog, `outboxConcurrency` claim-and-publish loops run side by side (each
   * batch its own transaction). Returns how many rows it settled.
   */
  async drain(): Promise<number> {
    // an idle poll costs one indexed read, not a transaction per loop
    if (!(await this.anythingDue())) return 0;
    const first = await this.relayOnce();
    if (first < this.config.outboxBatchSize || this.poller.stopped) return first;
    // a backlog: the other loops join, so one batch's Kafka round trip overlaps the next one's claim
    const loops = Array.from({ length: this.config.outboxConcurrency }, async () => {
      let total = 0;
      for (;;) {
        const claimed = await this.relayOnce();
        total += claimed;
        if (claimed < this.config.outboxBatchSize || this.poller.stopped) return total;
      }
    });
    // every loop finishes before the pass does, so a failing loop never leaves another running unobserved
    const outcomes = await Promise.allSettled(loops);
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    return outcomes.reduce(
      (sum, outcome) => sum + (outcome.status === 'fulfilled' ? outcome.value : 0),
      first,
    );
  }

  private async anythingDue(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM outbox_messages WHERE sent_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= $1) LIMIT 1`,
      [this.clock.now()],
    );
    return rows.length > 0;
  }

  private async relayOnce(): Promise<number> {
    const batch = await this.dataSource.transaction((manager) => this.relayBatch(manager));
    // wake-ups only for dispatches that committed, armed in bulk without waiting on Redis
    this.timers.arm(batch.ackTimers);
    return batch.claimed;
  }

  private async relayBatch(
    manager: EntityManager,
  ): Promise<{ claimed: number; ackTimers: ScheduledTimer[] }> {
    const now = this.clock.now();
    const rows: ClaimedRow[] = await manager.query(CLAIM_OUTBOX_BATCH, [this.config.outboxBatchSize, now]);
    if (rows.length === 0) return { claimed: 0, ackTimers: [] };

    // lock order request → task → audit stream, the same as result processing, so the two never deadlock
    await this.requests.lockMany(
      manager,
      rows.map((row) => row.requestId),
    );
    // Read under the locks: a cancel (or a result) may have committed between the claim and the locks. A task
    // that can no longer be dispatched is not published, and its row is settled as sent.
    const dispatchable = new Set(taskStatusesLeadingTo('dispatched'));
    const current = await this.tasks.findMany(
      manager,
      rows.map((row) => row.taskId),
    );
    const open = new Set(current.filter((task) => dispatchable.has(task.status)).map((task) => task.id));

    // a command whose request lost its identities is refused, recorded, and never published
    const refused = rows.filter(
      (row) => open.has(row.taskId) && !(row.sealedIdentities && row.wrappedDataKey),
    );
    const failures: Failure[] = [];
    const built = await this.build(
      rows.filter((row) => open.has(row.taskId) && !refused.includes(row)),
      now,
      failures,
    );
    const published = await this.publish(built, failures);

    const ackDueAt = new Date(now.getTime() + this.config.retryPolicy.ackTimeoutMs);
    const dispatched = await this.state.markDispatched(manager, published, now, ackDueAt);
    const live = published.filter((row) => dispatched.has(row.taskId));
    // every claimed row was marked sent by the claim; the failed ones go back unsent, backing off from the moment
    // it failed, not from the claim: a failing send can itself take seconds of retries
    await this.backOff(manager, failures, this.clock.now());
    await this.ledger.appendToStreams(manager, this.auditOf(live, refused), now);
    for (const row of refused) {
      this.logger.warn(`not dispatching to ${row.service}: ${this.refusal(row).message}`);
    }
    // Only a timeout due before the sweep's next two passes is armed here (a short test policy); the default one,
    // 15 min away, is armed by the sweep once it comes within its horizon, and only if the task is still waiting.
    // Arming every dispatch cost a BullMQ job per task, and one more transaction per task when it fired for a task
    // long finished (nearly all of them); the due time is in ack_due_at either way, so the sweep also handles it
    // directly if no timer fires.
    const armNow = ackDueAt.getTime() <= now.getTime() + 2 * this.config.sweepIntervalMs;
    const ackTimers: ScheduledTimer[] = armNow
      ? live
          .filter((row) => row.awaitsAck)
          .map((row) => ({
            job: { name: 'task.ack-timeout', data: { taskId: row.taskId, attempt: row.attempt } },
            at: ackDueAt,
          }))
      : [];
    return { claimed: rows.length, ackTimers };
  }

  /** Builds and signs each command; a row whose identities do not open fails alone. */
  private async build(rows: ClaimedRow[], now: Date, failures: Failure[]): Promise<Built[]> {
    const identitiesByRequest = new Map<string, SubjectIdentity[]>();
    const built: Built[] = [];
    // opening and signing is CPU work: in slices, so intake's HTTP requests are served during a large batch
    const slice = new EventLoopSlice();
    for (const row of rows) {
      await slice.yieldIfSpent();
      try {
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
        built.push({ row, topic, message: { key: row.requestId, value, headers } });
      } catch (error) {
        failures.push({ row, error });
      }
    }
    return built;
  }

  /**
   * Publishes every command in one sendBatch. If that fails, each topic is sent on its own, so one failing topic
   * (deleted from Kafka, say) fails only its own rows; a missing topic is created again for the next attempt.
   * Returns the rows that Kafka acknowledged.
   */
  private async publish(built: Built[], failures: Failure[]): Promise<ClaimedRow[]> {
    if (built.length === 0) return [];
    const byTopic = new Map<string, Built[]>();
    for (const entry of built) byTopic.set(entry.topic, [...(byTopic.get(entry.topic) ?? []), entry]);
    const batch = [...byTopic].map(([topic, entries]) => ({
      topic,
      messages: entries.map((e) => e.message),
    }));
    try {
      await this.kafka.sendBatch(batch);
      return built.map((entry) => entry.row);
    } catch {
      const outcomes = await Promise.allSettled(
        batch.map(({ topic, messages }) => this.kafka.send(topic, messages)),
      );
      const published: ClaimedRow[] = [];
      for (const [index, outcome] of outcomes.entries()) {
        const entries = byTopic.get(batch[index].topic)!;
        if (outcome.status === 'fulfilled') {
          published.push(...entries.map((entry) => entry.row));
          continue;
        }
        failures.push(...entries.map((entry) => ({ row: entry.row, error: outcome.reason as unknown })));
        if (isUnknownTopicError(outcome.reason)) await this.recreateTopic(entries[0].row.service);
      }
      return published;
    }
  }

  private async recreateTopic(service: string): Promise<void> {
    const specs = serviceTopics(this.config, service);
    this.kafka.forgetTopics(specs.map((spec) => spec.topic));
    try {
      await this.kafka.ensureTopics(specs);
      this.logger.warn(`the command topic of ${service} was missing from Kafka and has been created again`);
    } catch (error) {
      this.logger.warn(`could not re-create the command topic of ${service}: ${String(error)}`);
    }
  }

  private async backOff(manager: EntityManager, failures: Failure[], now: Date): Promise<void> {
    if (failures.length === 0) return;
    for (const { row, error } of failures) {
      this.logger.warn(
        `could not publish to ${row.service} (outbox row ${row.outboxId}), backing off: ${outboxErrorText(error)}`,
      );
    }
    await manager.query(
      `UPDATE outbox_messages o SET sent_at = NULL, publish_attempts = o.publish_attempts + 1, next_attempt_at = v.at,
              last_error = v.err
         FROM unnest($1::bigint[], $2::timestamptz[], $3::text[]) AS v(id, at, err) WHERE o.id = v.id`,
      [
        failures.map((f) => f.row.outboxId),
        failures.map((f) => new Date(now.getTime() + outboxBackoffMs(f.row.publishAttempts + 1))),
        failures.map((f) => outboxErrorText(f.error)),
      ],
    );
  }

  private auditOf(live: ClaimedRow[], refused: ClaimedRow[]): { stream: string; events: NewAuditEvent[] }[] {
    const byRequest = new Map<string, NewAuditEvent[]>();
    const add = (requestId: string, event: NewAuditEvent) =>
      byRequest.set(requestId, [...(byRequest.get(requestId) ?? []), event]);
    for (const row of live) {
      add(row.requestId, {
        type: 'task.dispatched',
        actor: 'system',
        data: { service: row.service, attempt: row.attempt, commandId: row.commandId },
      });
    }
    for (const row of refused) {
      add(row.requestId, {
        type: 'task.dispatch_refused',
        actor: 'system',
        data: {
          service: row.service,
          attempt: row.attempt,
          commandId: row.commandId,
          code: this.refusal(row).code,
        },
      });
    }
    return [...byRequest].map(([requestId, events]) => ({ stream: requestStream(requestId), events }));
  }

  /**
   * Why no command can be built: its request's identities were crypto-shredded. Such a row is marked sent and
   * recorded in the ledger, its task left as it is, instead of backing off for ever.
   */
  private refusal(row: ClaimedRow): DispatchException {
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
