import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock';
import { decodeCursor, encodeCursor } from '../common/keyset-cursor';
import { CoordinatorConfig } from '../config/coordinator-config';
import { KeyRing } from '../crypto/key-ring';
import { openPayload, sealPayload } from '../crypto/identity-vault';
import { DeadlineEscalationService } from '../deadlines/deadline-escalation.service';
import { initialDueDate, receiptConfirmationDueDate } from '../deadlines/deadline-policy';
import { TimerQueue } from '../timers/timer-queue';
import { OutboxRelay } from '../dispatch/outbox-relay';
import { OutboxRepository } from '../dispatch/outbox.repository';
import { LedgerRepository, NewAuditEvent } from '../ledger/ledger.repository';
import { ErasureTaskEntity } from '../tasks/erasure-task.entity';
import { LegalHoldService } from '../holds/legal-hold.service';
import { RequestVerificationReader } from '../verification/request-verification.reader';
import { SubjectIdentity } from '@lethe/deletion-sdk/protocol';
import { newRequestWithTasks } from '../tasks/new-request';
import { TaskStateService } from '../tasks/task-state.service';
import { CreateErasureRequestDto } from './dto/create-erasure-request.dto';
import { ErasureRequestResponse } from './dto/erasure-request.response';
import { ErasureRequestEntity } from '../tasks/erasure-request.entity';
import { ErasureRequestErrorCode, ErasureRequestException } from './erasure-request.exception';
import { toErasureRequestResponse, toErasureRequestSummary } from './erasure-request.mapper';
import { ListErasureRequestsQuery } from './dto/list-erasure-requests.query';
import { ErasureRequestPageResponse } from './dto/erasure-request-page.response';
import { identityHashType, normaliseIdentities } from './identity-normalizer';
import { OPEN_REQUEST_STATUSES_SQL } from './request-lifecycle';
import { GroupCommit } from './group-commit';
import { fanOutOf, IntakeSnapshot, readIntakeSnapshot } from './intake-snapshot';
import { writeNewRequests } from './new-requests-write';

/** Rows another feature writes in the request's own transaction, so the request never exists without them. */
export type WithinIntake = (manager: EntityManager, request: ErasureRequestEntity) => Promise<void>;

interface Submission {
  input: CreateErasureRequestDto;
  identities: ReturnType<typeof normaliseIdentities>;
  /** The identities' keyed hashes, the request's `identityHashes` (computed first: the group's read needs them). */
  identityHashes: ErasureRequestEntity['identityHashes'];
  actor: string;
  /** The request a legal hold kept back, when this one is its follow-up erasure. */
  followUpOf?: string;
  within?: WithinIntake;
}

interface CreatedRequest {
  request: ErasureRequestEntity;
  tasks: ErasureTaskEntity[];
  /** Answered at once under a legal hold: its tasks and status moved after they were built. */
  held?: boolean;
}

/** What intake's transaction did with one submission: created it, or found its externalId taken. */
type IntakeOutcome = { kind: 'created'; created: CreatedRequest } | { kind: 'existing'; requestId: string };

export interface SubmitOutcome {
  created: boolean;
  request: ErasureRequestResponse;
}

const UNIQUE_VIOLATION = '23505';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class ErasureRequestService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly keys: KeyRing,
    private readonly relay: OutboxRelay,
    private readonly outbox: OutboxRepository,
    private readonly state: TaskStateService,
    private readonly clock: Clock,
    private readonly timers: TimerQueue,
    private readonly deadlines: DeadlineEscalationService,
    private readonly config: CoordinatorConfig,
    private readonly holds: LegalHoldService,
    private readonly verification: RequestVerificationReader,
  ) {
    this.intake = new GroupCommit(
      (submissions) => this.createGroup(submissions),
      config.intakeGroupSize,
      config.intakeConcurrency,
    );
  }

  private readonly intake: GroupCommit<Submission, IntakeOutcome>;

  /**
   * Records the request, one task per active service, the first audit events and the outbox rows in one atomic
   * write (one statement, or a transaction where a hold or `within` adds rows) — nothing is published unless all of
   * it committed. Idempotent by externalId. Concurrent submissions share that write (group commit), and nothing here
   * waits on Redis: the deadline wake-ups are armed in bulk after commit, and PostgreSQL holds the due times whatever
   * becomes of them. `within` writes rows of its own in the same transaction (only when the request is created).
   */
  async submit(input: CreateErasureRequestDto, actor: string, within?: WithinIntake): Promise<SubmitOutcome> {
    const identities = normaliseIdentities(input.subject.identities);
    try {
      // the externalId is looked up in the group's one read: one query per group, not one per request
      const outcome = await this.intake.submit({
        input,
        identities,
        identityHashes: this.hashed(identities),
        actor,
        within,
      });
      if (outcome.kind === 'existing') return { created: false, request: await this.get(outcome.requestId) };
      const { request, tasks, held } = outcome.created;
      this.afterCreated([request]);
      // a held request was closed inside the transaction, so the rows are newer than what was built
      if (held) return { created: true, request: await this.get(request.id) };
      return {
        created: true,
        // a request just received has no verification yet: it is scheduled after completion
        request: toErasureRequestResponse(request, tasks, this.clock.now(), this.config.shredAfterMs, {
          status: 'not_scheduled',
          services: [],
          findings: [],
        }),
      };
    } catch (error) {
      // two groups with one externalId raced: the loser returns the winner's request
      if (input.externalId && (error as { code?: string }).code === UNIQUE_VIOLATION) {
        const existing = await this.findByExternalId(input.externalId);
        if (existing) return { created: false, request: existing };
      }
      throw error;
    }
  }

  async get(id: string): Promise<ErasureRequestResponse> {
    const request = await this.dataSource.getRepository(ErasureRequestEntity).findOneBy({ id });
    if (!request) {
      throw new ErasureRequestException(
        ErasureRequestErrorCode.NotFound,
        `erasure request ${id} does not exist`,
      );
    }
    const tasks = await this.dataSource.getRepository(ErasureTaskEntity).findBy({ requestId: id });
    const verification = await this.verification.summaryOf(id);
    return toErasureRequestResponse(request, tasks, this.clock.now(), this.config.shredAfterMs, verification);
  }

  /** Newest first, keyset-paginated so any page is as fast as the first, however many requests there are. */
  async list(query: ListErasureRequestsQuery): Promise<ErasureRequestPageResponse> {
    const limit = query.limit ?? 50;
    const now = this.clock.now();
    const qb = this.dataSource
      .getRepository(ErasureRequestEntity)
      .createQueryBuilder('r')
      .orderBy('r.submitted_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(limit + 1);
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.regulation) qb.andWhere('r.regulation = :regulation', { regulation: query.regulation });
    if (query.overdue !== undefined) {
      const open = `r.status IN ${OPEN_REQUEST_STATUSES_SQL}`;
      qb.andWhere(query.overdue ? `(${open} AND r.due_at < :now)` : `NOT (${open} AND r.due_at < :now)`, {
        now,
      });
    }
    if (query.q) {
      const byId = UUID.test(query.q) ? 'r.id = :q OR ' : '';
      qb.andWhere(`(${byId}r.external_id = :q)`, { q: query.q });
    }
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      if (!cursor) {
        throw new ErasureRequestException(
          ErasureRequestErrorCode.InvalidCursor,
          'cursor is not one this API issued',
        );
      }
      qb.andWhere('(r.submitted_at, r.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    const progress = await this.progressOf(page.map((r) => r.id));
    const last = page[page.length - 1];
    return {
      items: page.map((r) => toErasureRequestSummary(r, progress.get(r.id) ?? { total: 0, done: 0 }, now)),
      nextCursor: rows.length > limit && last ? encodeCursor({ at: last.submittedAt, id: last.id }) : null,
    };
  }

  private async progressOf(requestIds: string[]): Promise<Map<string, { total: number; done: number }>> {
    if (requestIds.length === 0) return new Map();
    const rows: { request_id: string; total: number; done: number }[] = await this.dataSource.query(
      `SELECT request_id, count(*)::int AS total,
              count(*) FILTER (WHERE status IN ('deleted', 'not_found', 'retained'))::int AS done
         FROM erasure_tasks WHERE request_id = ANY($1) GROUP BY request_id`,
      [requestIds],
    );
    return new Map(rows.map((row) => [row.request_id, { total: row.total, done: row.done }]));
  }

  /**
   * Opens, in the caller's transaction, a new erasure for each original a legal hold kept back, with the
   * original's identities (still sealed: the shredder keeps a held-back request's identities until this ran) and
   * the original's law. Intake's own rules apply, so a subject still under another hold is held again. Call
   * `afterCreated` once the transaction has committed.
   */
  async openFollowUps(
    manager: EntityManager,
    originalIds: string[],
    actor: string,
  ): Promise<{ originalId: string; followUp: ErasureRequestEntity }[]> {
    // the originals' row locks first, as every writer to a request's stream takes them (and the shredder skips)
    const originals = await manager.getRepository(ErasureRequestEntity).find({
      where: { id: In(originalIds) },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    const opened: { originalId: string; followUp: ErasureRequestEntity }[] = [];
    for (const original of originals) {
      if (!original.sealedIdentities || !original.wrappedDataKey) {
        throw new ErasureRequestException(
          ErasureRequestErrorCode.IdentitiesShredded,
          `request ${original.id} was shredded while held back, so its follow-up cannot be opened`,
        );
      }
      const { identities } = openPayload<{ identities: SubjectIdentity[] }>(this.keys.dataKeyWrappingKey, {
        ciphertext: original.sealedIdentities,
        wrappedDataKey: original.wrappedDataKey,
      });
      const input: CreateErasureRequestDto = { regulation: original.regulation, subject: { identities } };
      const submission = { input, identities, identityHashes: this.hashed(identities), actor };
      const snapshot = await readIntakeSnapshot(manager, [], hashesOf([submission]), this.clock.now());
      const [{ request: followUp }] = await this.createIn(
        manager,
        [{ ...submission, followUpOf: original.id }],
        snapshot,
      );
      opened.push({ originalId: original.id, followUp });
    }
    return opened;
  }

  /**
   * Wakes the relay and arms the deadlines of requests created in a transaction that has committed. A deadline is
   * days or weeks away, and the sweep arms every wake-up that falls within its next two passes, so only one due
   * sooner than that (a short test calendar) is armed here: none in production, and nothing waits on Redis.
   */
  afterCreated(requests: ErasureRequestEntity[]): void {
    if (requests.length === 0) return;
    this.relay.nudge();
    const horizon = this.clock.now().getTime() + 2 * this.config.sweepIntervalMs;
    this.timers.arm(
      requests.flatMap((request) =>
        this.deadlines.timersFor(request).filter((timer) => timer.at.getTime() <= horizon),
      ),
    );
  }

  private async findByExternalId(externalId: string): Promise<ErasureRequestResponse | undefined> {
    const request = await this.dataSource.getRepository(ErasureRequestEntity).findOneBy({ externalId });
    return request ? this.get(request.id) : undefined;
  }

  /**
   * A group of submissions, as few statements as it can: one read (external ids taken, services, holds) and ONE
   * statement that writes their requests, tasks, outbox rows and first events — atomic and durable on its own, so
   * no transaction is opened around the two (the read takes no lock, and under READ COMMITTED a transaction's
   * second statement would see a newer snapshot than its first anyway). A group where a hold may apply, or a
   * submission writes rows of its own (`within`), runs in a transaction, as those writes must commit with the
   * request. A submission whose externalId exists already (or came earlier in the same group) creates nothing and
   * gets that request; two groups racing for one externalId meet the unique key (see `submit`).
   */
  private async createGroup(submissions: Submission[]): Promise<IntakeOutcome[]> {
    const snapshot = await readIntakeSnapshot(
      this.dataSource.manager,
      submissions.flatMap(({ input }) => (input.externalId ? [input.externalId] : [])),
      hashesOf(submissions),
      this.clock.now(),
    );
    const taken = snapshot.taken;
    const fresh: Submission[] = [];
    const claimed = new Map<string, Submission>();
    for (const submission of submissions) {
      const externalId = submission.input.externalId;
      if (externalId && (taken.has(externalId) || claimed.has(externalId))) continue;
      if (externalId) claimed.set(externalId, submission);
      fresh.push(submission);
    }
    const write = (manager: EntityManager) => this.createIn(manager, fresh, snapshot);
    const created =
      fresh.length === 0
        ? []
        : snapshot.anyHold || fresh.some((submission) => submission.within)
          ? await this.dataSource.transaction(write)
          : await write(this.dataSource.manager);
    const createdFor = new Map(fresh.map((submission, index) => [submission, created[index]]));
    return submissions.map((submission): IntakeOutcome => {
      const entry = createdFor.get(submission);
      if (entry) return { kind: 'created', created: entry };
      const externalId = submission.input.externalId!;
      const requestId = taken.get(externalId) ?? createdFor.get(claimed.get(externalId)!)!.request.id;
      return { kind: 'existing', requestId };
    });
  }

  /**
   * The requests of `submissions`, their tasks, outbox rows and first events, as ONE statement after `snapshot` (the
   * services, and whether a hold may apply); then, in `manager`'s transaction, what a hold or `within` adds. Without
   * a hold and a `within`, `manager` need not be a transaction: nothing is written but that one statement.
   */
  private async createIn(
    manager: EntityManager,
    submissions: Submission[],
    { services, targets, anyHold }: IntakeSnapshot,
  ): Promise<CreatedRequest[]> {
    if (services.length === 0) {
      throw new ErasureRequestException(
        ErasureRequestErrorCode.NoServicesRegistered,
        'no services are registered, so there is nothing to erase from; start a service with the deletion SDK first',
      );
    }
    const now = this.clock.now();
    const created = submissions.map((submission) => {
      const fanOut = fanOutOf({ services, targets }, submission.input.dryRun ?? false);
      if (fanOut.length === 0) {
        throw new ErasureRequestException(
          ErasureRequestErrorCode.NoServicesRegistered,
          'no registered service can do a dry run: webhook and OpenDSR targets have none, and a command sent to them would erase for real',
        );
      }
      return this.prepare(submission, fanOut, now);
    });
    // a subject under legal hold is recorded and answered as retained, and nothing is dispatched
    const holds = anyHold
      ? await this.holds.heldByEach(
          manager,
          created.map(({ request }) => request.identityHashes.map((identity) => identity.hash)),
        )
      : created.map(() => undefined);
    await writeNewRequests(
      { state: this.state, outbox: this.outbox, ledger: this.ledger, holds: this.holds },
      manager,
      created,
      targets,
      holds,
      now,
    );
    for (const [index, entry] of created.entries()) entry.held = holds[index] !== undefined;
    for (const [index, entry] of created.entries()) await submissions[index].within?.(manager, entry.request);
    return created;
  }

  private hashed(identities: Submission['identities']): Submission['identityHashes'] {
    return identities.map((i) => ({
      type: i.type,
      hash: this.keys.hashIdentity(identityHashType(i), i.value),
    }));
  }

  private prepare(
    { input, identities, identityHashes, actor, followUpOf }: Submission,
    services: string[],
    now: Date,
  ): CreatedRequest & { received: NewAuditEvent } {
    const calendar = this.config.deadlineCalendar;
    const dueAt = initialDueDate(input.regulation, now, calendar);
    const sealed = sealPayload(this.keys.dataKeyWrappingKey, { identities });
    const { request, tasks } = newRequestWithTasks(
      {
        externalId: input.externalId ?? null,
        regulation: input.regulation,
        submittedAt: now,
        dueAt,
        receiptConfirmationDueAt: receiptConfirmationDueDate(input.regulation, now, calendar),
        identityHashes,
        sealedIdentities: sealed.ciphertext,
        wrappedDataKey: sealed.wrappedDataKey,
        dryRun: input.dryRun ?? false,
        bulkJobId: null,
        createdBy: actor,
      },
      services,
      now,
    );
    const received: NewAuditEvent = {
      type: 'request.received',
      actor,
      data: {
        regulation: request.regulation,
        externalId: request.externalId,
        ...(input.notes === undefined ? {} : { notes: input.notes }),
        ...(request.dryRun ? { dryRun: true } : {}),
        identityHashes: request.identityHashes,
        dueAt: request.dueAt.toISOString(),
        receiptConfirmationDueAt: request.receiptConfirmationDueAt?.toISOString() ?? null,
        // the zone the law's days were counted in, so an auditor can recount them
        timeZone: calendar.timeZone,
        services,
        ...(followUpOf ? { followUpOf } : {}),
      },
    };
    return { request, tasks, received };
  }
}

function hashesOf(submissions: readonly Pick<Submission, 'identityHashes'>[]): string[] {
  return submissions.flatMap(({ identityHashes }) => identityHashes.map((identity) => identity.hash));
}
