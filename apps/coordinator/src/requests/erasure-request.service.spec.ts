import type { RequestVerificationReader } from '../verification/request-verification.reader';
import { CoordinatorConfig } from '../config/coordinator-config';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { openPayload } from '../crypto/identity-vault';
import { KeyRing } from '../crypto/key-ring';
import { DeadlineEscalationService } from '../deadlines/deadline-escalation.service';
import { OutboxRelay } from '../dispatch/outbox-relay';
import { FirstDispatch, OutboxRepository } from '../dispatch/outbox.repository';
import { LedgerRepository, NewAuditEvent } from '../ledger/ledger.repository';
import { ErasureRequestEntity } from '../tasks/erasure-request.entity';
import { ErasureTaskEntity } from '../tasks/erasure-task.entity';
import { TaskStateService } from '../tasks/task-state.service';
import { ScheduledTimer, TimerQueue } from '../timers/timer-queue';
import { CreateErasureRequestDto } from './dto/create-erasure-request.dto';
import { ErasureRequestErrorCode, ErasureRequestException } from './erasure-request.exception';
import { ErasureRequestService } from './erasure-request.service';
import { LegalHoldEntity } from '../holds/legal-hold.entity';
import { LegalHoldService } from '../holds/legal-hold.service';

const NOW = new Date('2027-01-20T12:00:00.000Z');
const keys = new KeyRing('b'.repeat(64), 'k1');

const input = (overrides: Partial<CreateErasureRequestDto> = {}): CreateErasureRequestDto => ({
  regulation: 'gdpr',
  subject: { identities: [{ type: 'email', value: ' Alice@Example.org ' }] },
  ...overrides,
});

/** A part of the one insert statement, as the fakes below hand them to createRequests. */
type FakePart = { streams: { stream: string; events: NewAuditEvent[] }[] } | { dispatches: FirstDispatch[] };

function intakeWith(services: string[], hold?: LegalHoldEntity, targets: string[] = []) {
  const requests: ErasureRequestEntity[] = [];
  const tasks: ErasureTaskEntity[] = [];
  // the group's one read (readIntakeSnapshot): external ids taken, the services, whether a hold may apply
  const manager = {
    query: jest.fn(async (_sql: string, [externalIds, hashes]: [string[], string[]]) => [
      {
        taken: requests
          .filter((r) => r.externalId !== null && externalIds.includes(r.externalId))
          .map((r) => [r.externalId, r.id]),
        services: services.map((name) => [name, targets.includes(name)]),
        any_hold: hold !== undefined && hashes.length > 0,
      },
    ]),
  };
  const repositories = new Map<unknown, unknown>([
    [
      ErasureRequestEntity,
      {
        findOneBy: async (where: Partial<ErasureRequestEntity>) =>
          requests.find((r) => (where.id ? r.id === where.id : r.externalId === where.externalId)) ?? null,
      },
    ],
    [
      ErasureTaskEntity,
      {
        findBy: async ({ requestId }: { requestId: string }) =>
          tasks.filter((t) => t.requestId === requestId),
      },
    ],
  ]);
  let failNextWrite: unknown;
  const dataSource = {
    manager,
    transaction: jest.fn(async (work: (m: EntityManager) => Promise<unknown>) =>
      work(manager as unknown as EntityManager),
    ),
    getRepository: (entity: unknown) => repositories.get(entity),
  } as unknown as DataSource;
  const appended: { stream: string; events: NewAuditEvent[] }[] = [];
  const ledger = {
    startingStreams: jest.fn((streams: { stream: string; events: NewAuditEvent[] }[]): FakePart[] => [
      { streams },
    ]),
  } as unknown as LedgerRepository;
  const relay = { nudge: jest.fn() } as unknown as OutboxRelay;
  const queued: FirstDispatch[] = [];
  const outbox = {
    queueingFirst: jest.fn((dispatches: FirstDispatch[]): FakePart[] => [{ dispatches }]),
  } as unknown as OutboxRepository;
  // the one statement: the requests and tasks, and beside them the outbox rows and the streams
  const state = {
    createRequests: jest.fn(
      async (
        _m: EntityManager,
        created: { request: ErasureRequestEntity; tasks: ErasureTaskEntity[] }[],
        alongside: FakePart[],
      ) => {
        for (const item of created) {
          // a failing write stands for another group that committed these external ids first
          requests.push(
            failNextWrite ? { ...item.request, id: `winner-of-${item.request.externalId}` } : item.request,
          );
          tasks.push(...item.tasks);
        }
        if (failNextWrite) {
          const error = failNextWrite;
          failNextWrite = undefined;
          throw error;
        }
        for (const part of alongside) {
          if ('streams' in part) appended.push(...part.streams);
          else queued.push(...part.dispatches);
        }
      },
    ),
  } as unknown as TaskStateService;
  const clock = { now: () => NOW } as Clock;
  const scheduled: ScheduledTimer[] = [];
  const timers = {
    arm: jest.fn((list: ScheduledTimer[]) => void scheduled.push(...list)),
  } as unknown as TimerQueue;
  const deadlineTimer: ScheduledTimer = {
    job: { name: 'request.deadline', data: { requestId: 'r', kind: 'overdue', dueAt: NOW.toISOString() } },
    at: NOW,
  };
  const heldBack: { requestId: string; taskIds: string[]; holdId: string }[] = [];
  const holds = {
    heldByEach: jest.fn(async (_m: EntityManager, subjects: string[][]) => subjects.map(() => hold)),
    holdBack: jest.fn(
      async (
        _m: EntityManager,
        request: ErasureRequestEntity,
        held: ErasureTaskEntity[],
        by: LegalHoldEntity,
      ) => void heldBack.push({ requestId: request.id, taskIds: held.map((t) => t.id), holdId: by.id }),
    ),
  } as unknown as LegalHoldService;
  const farTimer: ScheduledTimer = {
    job: { name: 'request.deadline', data: { requestId: 'r', kind: 'at_risk', dueAt: NOW.toISOString() } },
    at: new Date(NOW.getTime() + 60_001),
  };
  const deadlines = {
    timersFor: jest.fn(() => [deadlineTimer, farTimer]),
  } as unknown as DeadlineEscalationService;
  const intake = new ErasureRequestService(
    dataSource,
    ledger,
    keys,
    relay,
    outbox,
    state,
    clock,
    timers,
    deadlines,
    {
      shredAfterMs: 7 * 24 * 60 * 60_000,
      deadlineCalendar: { timeZone: 'UTC', holidays: [] },
      intakeGroupSize: 100,
      sweepIntervalMs: 30_000,
      intakeConcurrency: 1,
    } as unknown as CoordinatorConfig,
    holds,
    // nothing is verified before a request completes
    {
      summaryOf: jest.fn(async () => ({ status: 'not_scheduled', services: [], findings: [] })),
    } as unknown as RequestVerificationReader,
  );
  const failWriteWith = (error: unknown) => (failNextWrite = error);
  return {
    intake,
    requests,
    tasks,
    queued,
    appended,
    scheduled,
    relay,
    state,
    failWriteWith,
    holds,
    dataSource,
    heldBack,
    deadlineTimer,
    manager,
  };
}

describe(ErasureRequestService.name, () => {
  it('records the request, one pending task and one queued dispatch per active service, and the first event', async () => {
    const { intake, requests, tasks, queued, appended } = intakeWith(['accounts', 'orders']);
    const outcome = await intake.submit(input({ externalId: 'ticket-1' }), 'api-key:ops');

    expect(outcome.created).toBe(true);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ status: 'received', regulation: 'gdpr', createdBy: 'api-key:ops' });
    expect(tasks.map((t) => [t.service, t.status, t.attempts])).toEqual([
      ['accounts', 'pending', 0],
      ['orders', 'pending', 0],
    ]);
    expect(queued).toEqual(tasks.map((t) => ({ taskId: t.id, toTarget: false })));
    expect(appended).toHaveLength(1);
    expect(appended[0].stream).toBe(`request:${requests[0].id}`);
    expect(appended[0].events[0]).toMatchObject({
      type: 'request.received',
      data: { services: ['accounts', 'orders'], externalId: 'ticket-1' },
    });
    expect(outcome.request).toMatchObject({ id: requests[0].id, status: 'received' });
  });

  it('keeps no raw identity: a keyed hash in the ledger, the value only sealed', async () => {
    const { intake, requests, appended } = intakeWith(['accounts']);
    await intake.submit(input(), 'api-key:ops');
    expect(JSON.stringify(appended)).not.toContain('alice@example.org');
    expect(requests[0].identityHashes).toEqual([
      { type: 'email', hash: keys.hashIdentity('email', 'alice@example.org') },
    ]);
    const opened = openPayload<{ identities: unknown }>(keys.dataKeyWrappingKey, {
      ciphertext: requests[0].sealedIdentities!,
      wrappedDataKey: requests[0].wrappedDataKey!,
    });
    expect(opened.identities).toEqual([{ type: 'email', value: 'alice@example.org' }]);
  });

  it('nudges the relay and arms the deadline timers only after the transaction', async () => {
    const { intake, relay, scheduled, deadlineTimer } = intakeWith(['accounts']);
    await intake.submit(input(), 'api-key:ops');
    expect(relay.nudge).toHaveBeenCalledTimes(1);
    // the one due beyond the sweep's next two passes (2 × 30 s) is left to the sweep
    expect(scheduled).toEqual([deadlineTimer]);
  });

  it('commits concurrent submissions in one transaction, one stream each, and answers each with its own request', async () => {
    const { intake, requests, appended, state } = intakeWith(['accounts']);
    const outcomes = await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        intake.submit(
          input({ subject: { identities: [{ type: 'email', value: `${name}@example.org` }] } }),
          'ops',
        ),
      ),
    );
    // the first went alone while nothing else ran; the two that waited for it shared the next transaction
    expect((state.createRequests as jest.Mock).mock.calls.map((call) => call[1].length)).toEqual([1, 2]);
    expect(outcomes.map((o) => o.request.id)).toEqual(requests.map((r) => r.id));
    expect(appended.map((a) => a.stream)).toEqual(requests.map((r) => `request:${r.id}`));
  });

  it('reads once and writes once per group: external ids, services and holds in one read', async () => {
    const { intake, state, manager } = intakeWith(['accounts']);
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        intake.submit(
          input({
            externalId: `ticket-${name}`,
            subject: { identities: [{ type: 'email', value: `${name}@example.org` }] },
          }),
          'ops',
        ),
      ),
    );
    // two groups (the first alone, then the two that waited for it): one read and one write each
    expect(manager.query).toHaveBeenCalledTimes(2);
    expect(state.createRequests).toHaveBeenCalledTimes(2);
    expect(manager.query.mock.calls[1][1]).toEqual([
      ['ticket-b', 'ticket-c'],
      [keys.hashIdentity('email', 'b@example.org'), keys.hashIdentity('email', 'c@example.org')],
      NOW,
    ]);
  });

  it('opens no transaction for a group without a hold or rows of its own: its one write commits alone', async () => {
    const { intake, dataSource, state } = intakeWith(['accounts']);
    await intake.submit(input(), 'ops');
    expect(state.createRequests).toHaveBeenCalledTimes(1);
    expect(dataSource.transaction).not.toHaveBeenCalled();
  });

  it('writes in a transaction when a submission adds rows of its own, and runs them with the request', async () => {
    const { intake, dataSource, requests } = intakeWith(['accounts']);
    const within = jest.fn(async () => undefined);
    await intake.submit(input(), 'ops', within);
    expect(dataSource.transaction).toHaveBeenCalledTimes(1);
    expect(within).toHaveBeenCalledWith(expect.anything(), requests[0]);
  });

  it("queues a target's tasks for the targets' outbox, the others for Kafka, in the services' order", async () => {
    const { intake, tasks, queued } = intakeWith(['accounts', 'crm', 'orders'], undefined, ['crm']);
    await intake.submit(input(), 'ops');
    expect(tasks.map((t) => t.service)).toEqual(['accounts', 'crm', 'orders']);
    expect(queued).toEqual([
      { taskId: tasks[0].id, toTarget: false },
      { taskId: tasks[1].id, toTarget: true },
      { taskId: tasks[2].id, toTarget: false },
    ]);
  });

  it('returns the existing request for a known externalId and creates nothing', async () => {
    const { intake, requests, state } = intakeWith(['accounts']);
    const first = await intake.submit(input({ externalId: 'ticket-2' }), 'api-key:ops');
    const again = await intake.submit(input({ externalId: 'ticket-2' }), 'api-key:ops');
    expect(again).toEqual({ created: false, request: first.request });
    expect(requests).toHaveLength(1);
    expect(state.createRequests).toHaveBeenCalledTimes(1);
  });

  it('creates one request for an externalId sent twice in one group, and answers the second with it', async () => {
    const { intake, requests, state } = intakeWith(['accounts']);
    // the first goes alone; the next three wait for it and share one transaction
    const [, ...grouped] = await Promise.all([
      intake.submit(input({ externalId: 'ticket-0' }), 'ops'),
      intake.submit(input({ externalId: 'ticket-4' }), 'ops'),
      intake.submit(input({ externalId: 'ticket-4' }), 'ops'),
      intake.submit(input({ externalId: 'ticket-0' }), 'ops'),
    ]);
    expect((state.createRequests as jest.Mock).mock.calls.map((call) => call[1].length)).toEqual([1, 1]);
    expect(requests.map((r) => r.externalId)).toEqual(['ticket-0', 'ticket-4']);
    expect(grouped.map((o) => [o.created, o.request.id])).toEqual([
      [true, requests[1].id],
      [false, requests[1].id],
      [false, requests[0].id],
    ]);
  });

  it('returns the winner when two submissions with one externalId race', async () => {
    const { intake, failWriteWith, relay } = intakeWith(['accounts']);
    failWriteWith(Object.assign(new Error('duplicate key'), { code: '23505' }));
    const outcome = await intake.submit(input({ externalId: 'ticket-3' }), 'api-key:ops');
    expect(outcome.created).toBe(false);
    expect(outcome.request.id).toBe('winner-of-ticket-3');
    expect(relay.nudge).not.toHaveBeenCalled();
  });

  it('refuses a request when no service is registered, and queues nothing', async () => {
    const { intake, queued } = intakeWith([]);
    const submitting = intake.submit(input(), 'api-key:ops');
    await expect(submitting).rejects.toBeInstanceOf(ErasureRequestException);
    await expect(submitting).rejects.toMatchObject({ code: ErasureRequestErrorCode.NoServicesRegistered });
    expect(queued).toEqual([]);
  });
  it('asks for holds by the keyed hashes, and queues nothing for a held subject but hands it to the hold', async () => {
    const hold = { id: 'hold-1' } as LegalHoldEntity;
    const { intake, requests, tasks, queued, appended, holds, heldBack, dataSource } = intakeWith(
      ['accounts', 'orders'],
      hold,
    );
    await intake.submit(input(), 'api-key:ops');

    // the hold's writes commit with the request: one transaction
    expect(dataSource.transaction).toHaveBeenCalledTimes(1);
    expect(holds.heldByEach).toHaveBeenCalledWith(expect.anything(), [
      [keys.hashIdentity('email', 'alice@example.org')],
    ]);
    expect(queued).toEqual([]);
    expect(heldBack).toEqual([
      { requestId: requests[0].id, taskIds: tasks.map((t) => t.id), holdId: 'hold-1' },
    ]);
    // the request is recorded first, so the ledger shows what was asked before how it was answered
    expect(appended[0].events[0].type).toBe('request.received');
  });

  it('dispatches as usual when no hold matches, and reads no holds when the group read found none', async () => {
    const { intake, queued, heldBack, holds } = intakeWith(['accounts']);
    await intake.submit(input(), 'api-key:ops');
    expect(queued).toHaveLength(1);
    expect(heldBack).toEqual([]);
    expect(holds.heldByEach).not.toHaveBeenCalled();
  });
});
