import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { SubjectIdentity } from '@lethe/deletion-sdk/protocol';
import type { AddressInfo } from 'node:net';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { IntervalPoller } from '../common/interval-poller';
import { CoordinatorConfig } from '../config/coordinator-config';
import { openPayload } from '../crypto/identity-vault';
import { DispatchErrorCode } from '../dispatch/dispatch.exception';
import { KeyRing } from '../crypto/key-ring';
import { LedgerRepository, requestStream } from '../ledger/ledger.repository';
import { ErasureRequestRepository } from '../tasks/erasure-request.repository';
import { TaskStateService } from '../tasks/task-state.service';
import { ScheduledTimer, TimerQueue } from '../timers/timer-queue';
import { openDsrAnswer } from './opendsr-answer';
import { OpenDsrClient, verifiesReply } from './opendsr-client';
import { DispatchedTask, failure, httpFailure, parseTargetAnswer, TargetAnswer } from './target-answer';
import { HttpReply, TargetHttp } from './target-http';
import { TargetFailureCode } from './target-kinds';
import { TargetOutcomes } from './target-outcomes.service';
import { ClaimedDispatch, TargetEndpoint, TargetRepository, WaitingDispatch } from './target-repository';
import { signedHeaders } from './target-signing';

const BATCH = 50;
/** Failures Lethe observed itself while polling (not the target's report): the poll is simply tried again. */
const OBSERVED_FAILURES = new Set<string>([
  TargetFailureCode.Unreachable,
  TargetFailureCode.Rejected,
  TargetFailureCode.BadAnswer,
  TargetFailureCode.BadSignature,
]);

/**
 * Dispatches to webhook and OpenDSR targets from their durable outbox (target_dispatches), with the Kafka relay's
 * guarantees: a row exists only once its cause committed; it is claimed FOR UPDATE SKIP LOCKED, its task marked
 * dispatched (guarded, so a cancelled task is not sent) and the row marked sent in the transaction that sent it,
 * so a crash re-sends (at-least-once; the command id is unique per attempt, the task id per task, for the target to
 * recognise a repeat). The answers are applied after that commit. Each tick also polls due status URLs and applies
 * the deadline policy of waits past their expected time; everything it needs is in PostgreSQL.
 */
@Injectable()
export class TargetDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TargetDispatcher.name);
  private readonly poller = new IntervalPoller({
    what: 'target dispatch',
    pass: () => this.tick(),
    log: this.logger,
    whileRunning: 'skip',
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly targets: TargetRepository,
    private readonly outcomes: TargetOutcomes,
    private readonly http: TargetHttp,
    private readonly opendsr: OpenDsrClient,
    private readonly state: TaskStateService,
    private readonly requests: ErasureRequestRepository,
    private readonly ledger: LedgerRepository,
    private readonly timers: TimerQueue,
    private readonly keys: KeyRing,
    private readonly config: CoordinatorConfig,
    private readonly clock: Clock,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    this.poller.start({ intervalMs: this.config.targets.pollIntervalMs, passNow: false });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  async tick(): Promise<void> {
    try {
      while ((await this.dispatchBatch()) === BATCH);
      await this.pollStatuses();
      await this.holdWaitsToTheirTime();
    } catch (error) {
      // the next tick tries again; everything is in PostgreSQL
      this.logger.warn(`target dispatch round failed: ${(error as Error).message}`);
    }
  }

  /** Where targets call back: LETHE_PUBLIC_URL, or else this process's own address (development, tests). */
  callbackUrl(target: string): string {
    const base =
      this.config.opendsr.publicUrl ??
      `http://127.0.0.1:${(this.adapterHost.httpAdapter.getHttpServer().address() as AddressInfo).port}`;
    return `${base.replace(/\/$/, '')}/v1/targets/${target}/callbacks`;
  }

  private async dispatchBatch(): Promise<number> {
    const answers: { task: DispatchedTask; endpoint: TargetEndpoint; answer: TargetAnswer }[] = [];
    const timers: ScheduledTimer[] = [];
    const claimed = await this.dataSource.transaction(async (manager) => {
      const rows = await this.targets.claimUnsent(manager, BATCH);
      if (rows.length === 0) return 0;
      await this.requests.lockMany(manager, [...new Set(rows.map((row) => row.requestId))]);
      const now = this.clock.now();
      const ackDueAt = new Date(now.getTime() + this.config.retryPolicy.ackTimeoutMs);
      const sendable = rows.filter((row) => row.sealedIdentities && row.wrappedDataKey);
      const dispatched = await this.state.markDispatched(
        manager,
        sendable.map((row) => ({ ...row, awaitsAck: true })),
        now,
        ackDueAt,
      );
      const live = sendable.filter((row) => dispatched.has(row.taskId));
      const sent = await Promise.all(live.map((row) => this.send(manager, row, now)));
      await this.targets.markSent(
        manager,
        rows.map((row) => row.dispatchId),
        now,
      );
      // a request whose identities were crypto-shredded has nothing to send: recorded, as the Kafka relay does,
      // and its task left as it is, so an operator sees why the target was never asked
      for (const row of rows.filter((candidate) => !sendable.includes(candidate))) {
        this.logger.warn(
          `not dispatching to ${row.service}: the identities of request ${row.requestId} were crypto-shredded`,
        );
        await this.ledger.append(
          manager,
          requestStream(row.requestId),
          [
            {
              type: 'task.dispatch_refused',
              actor: 'system',
              data: {
                service: row.service,
                attempt: row.attempt,
                commandId: row.commandId,
                code: DispatchErrorCode.IdentitiesShredded,
              },
            },
          ],
          now,
        );
      }
      for (const [index, row] of live.entries()) {
        const { endpoint, answer } = sent[index];
        const events = [
          {
            type: 'task.dispatched',
            actor: 'system',
            data: {
              service: row.service,
              attempt: row.attempt,
              commandId: row.commandId,
              target: endpoint?.kind ?? null,
            },
          },
        ];
        await this.ledger.append(manager, requestStream(row.requestId), events, now);
        if (endpoint) answers.push({ task: row, endpoint, answer });
        timers.push({
          job: { name: 'task.ack-timeout', data: { taskId: row.taskId, attempt: row.attempt } },
          at: ackDueAt,
        });
      }
      return rows.length;
    });
    // the ack timer covers a crash between this commit and applying the answer
    await this.timers.schedule(timers);
    for (const { task, endpoint, answer } of answers) {
      await this.outcomes
        .apply(task, endpoint.kind, answer, `target:${endpoint.name}`)
        .catch((error: Error) =>
          this.logger.warn(`could not apply the answer of ${endpoint.name}: ${error.message}`),
        );
    }
    return claimed;
  }

  private async send(
    manager: EntityManager,
    row: ClaimedDispatch,
    now: Date,
  ): Promise<{ endpoint: TargetEndpoint | null; answer: TargetAnswer }> {
    const endpoint = await this.targets.findEndpoint(row.service, manager);
    if (!endpoint) {
      return {
        endpoint,
        answer: failure(TargetFailureCode.Rejected, 'the target is no longer registered', false),
      };
    }
    const accepted = new Set(endpoint.identityTypes);
    // a vendor receives only the identity types it registered for (data minimisation)
    const identities = openPayload<{ identities: SubjectIdentity[] }>(this.keys.dataKeyWrappingKey, {
      ciphertext: row.sealedIdentities!,
      wrappedDataKey: row.wrappedDataKey!,
    }).identities.filter((identity) => accepted.has(identity.type));
    if (endpoint.kind === 'opendsr')
      return { endpoint, answer: await this.sendOpenDsr(endpoint, row, identities, now) };
    const body = JSON.stringify({
      v: 1,
      type: 'erasure.command',
      id: row.commandId,
      requestId: row.requestId,
      taskId: row.taskId,
      target: row.service,
      attempt: row.attempt,
      issuedAt: now.toISOString(),
      dueAt: new Date(row.dueAt).toISOString(),
      subject: { identities },
      callbackUrl: this.callbackUrl(row.service),
    });
    const reply = await this.http.send(
      'POST',
      endpoint.url,
      signedHeaders(endpoint.secret ?? '', body, now),
      body,
    );
    return { endpoint, answer: this.answerOf(reply, endpoint, now) };
  }

  private async sendOpenDsr(
    endpoint: TargetEndpoint,
    row: ClaimedDispatch,
    identities: SubjectIdentity[],
    now: Date,
  ): Promise<TargetAnswer> {
    const reply = await this.opendsr.submit(endpoint.url, endpoint.secret, {
      // the task id: the same subject request on every attempt, so the processor recognises a repeat
      subjectRequestId: row.taskId,
      regulation: row.regulation,
      submittedAt: new Date(row.receivedAt),
      identities,
      callbackUrl: this.callbackUrl(row.service),
    });
    return this.openDsrAnswerOf(
      reply,
      endpoint,
      this.opendsr.statusUrl(endpoint.url, row.taskId),
      now,
      [200, 201],
    );
  }

  private answerOf(reply: HttpReply, endpoint: TargetEndpoint, now: Date): TargetAnswer {
    if (!reply.ok)
      return failure(TargetFailureCode.Unreachable, `the target could not be reached: ${reply.error}`, true);
    if (reply.status < 200 || reply.status > 299) return httpFailure(reply.status);
    const parsed = parseTargetAnswer(parse(reply.text), now, endpoint.expectedCompletionMs);
    if (parsed.kind === 'invalid')
      return failure(TargetFailureCode.BadAnswer, `the target answered: ${parsed.reason}`, true);
    return parsed;
  }

  private openDsrAnswerOf(
    reply: HttpReply,
    endpoint: TargetEndpoint,
    statusUrl: string,
    now: Date,
    okStatuses: number[],
  ): TargetAnswer {
    if (!reply.ok)
      return failure(
        TargetFailureCode.Unreachable,
        `the processor could not be reached: ${reply.error}`,
        true,
      );
    if (!okStatuses.includes(reply.status)) return httpFailure(reply.status);
    if (!endpoint.processorCertificate || !verifiesReply(endpoint.processorCertificate, reply)) {
      return failure(
        TargetFailureCode.BadSignature,
        'the processor response is not signed with its certificate',
        true,
      );
    }
    const parsed = openDsrAnswer(parse(reply.text), now, endpoint.expectedCompletionMs, statusUrl);
    if (parsed.kind === 'invalid')
      return failure(TargetFailureCode.BadAnswer, `the processor answered: ${parsed.reason}`, true);
    return parsed;
  }

  private async pollStatuses(): Promise<void> {
    const now = this.clock.now();
    const next = new Date(now.getTime() + this.config.targets.statusPollIntervalMs);
    const due = await this.targets.claimDuePolls(now, next, BATCH);
    await Promise.all(due.map((wait) => this.poll(wait, now)));
  }

  private async poll(wait: WaitingDispatch, now: Date): Promise<void> {
    const endpoint = await this.targets.findEndpoint(wait.service);
    if (!endpoint || !wait.statusUrl) return;
    let answer: TargetAnswer;
    if (endpoint.kind === 'opendsr') {
      const reply = await this.opendsr.status(wait.statusUrl, endpoint.secret);
      answer = this.openDsrAnswerOf(reply, endpoint, wait.statusUrl, now, [200]);
    } else {
      const reply = await this.http.send(
        'GET',
        wait.statusUrl,
        signedHeaders(endpoint.secret ?? '', '', now),
      );
      const parsed = this.answerOf(reply, endpoint, now);
      // "still working" without a new status URL: keep polling the one it gave
      answer =
        parsed.kind === 'accepted' ? { ...parsed, statusUrl: parsed.statusUrl ?? wait.statusUrl } : parsed;
    }
    // a poll that could not get an answer is tried again at the next poll, until the wait is overdue
    if (answer.kind === 'outcome' && answer.error && OBSERVED_FAILURES.has(answer.error.code)) {
      this.logger.warn(`status poll of ${endpoint.name} failed: ${answer.error.message}`);
      return;
    }
    await this.outcomes.apply(wait, endpoint.kind, answer, `target:${endpoint.name}`);
  }

  /** A wait past its expected time and the grace: `skip` retries like a silent service, `escalate` stops. */
  private async holdWaitsToTheirTime(): Promise<void> {
    const now = this.clock.now();
    for (const wait of await this.targets.overdueWaits(now, this.config.targets.waitGraceMs, BATCH)) {
      const endpoint = await this.targets.findEndpoint(wait.service);
      if (!endpoint) continue;
      const retriable = endpoint.deadlinePolicy === 'skip';
      const answer = failure(
        TargetFailureCode.Overdue,
        `no report by the expected time ${new Date(wait.expectedAt).toISOString()} (deadline policy ${endpoint.deadlinePolicy})`,
        retriable,
      );
      await this.outcomes.apply(wait, endpoint.kind, answer, 'system');
    }
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
