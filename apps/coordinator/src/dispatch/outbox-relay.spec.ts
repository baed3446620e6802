import { ErasureCommand } from '@lethe/deletion-sdk';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { sealPayload } from '../crypto/identity-vault';
import { KeyRing } from '../crypto/key-ring';
import { KafkaConnection } from '../kafka/kafka-connection';
import { LedgerRepository, NewAuditEvent } from '../ledger/ledger.repository';
import { ErasureRequestRepository } from '../tasks/erasure-request.repository';
import { ErasureTaskRepository, TaskDispatch } from '../tasks/erasure-task.repository';
import { TaskStateService } from '../tasks/task-state.service';
import { ScheduledTimer, TimerQueue } from '../timers/timer-queue';
import { OutboxRelay } from './outbox-relay';

const NOW = new Date('2027-01-20T12:00:00.000Z');
const keys = new KeyRing('a'.repeat(64), 'k1');
const sealed = sealPayload(keys.dataKeyWrappingKey, {
  identities: [{ type: 'email', value: 'a@example.org' }],
});

const claimed = (n: number, overrides: Record<string, unknown> = {}) => ({
  outboxId: String(n),
  commandId: `00000000-0000-4000-8000-00000000000${n}`,
  attempt: 1,
  taskId: `task-${n}`,
  service: n % 2 ? 'accounts' : 'orders',
  requestId: 'request-1',
  dueAt: new Date('2027-02-20T12:00:00.000Z'),
  sealedIdentities: sealed.ciphertext,
  wrappedDataKey: sealed.wrappedDataKey,
  awaitsAck: true,
  publishAttempts: 0,
  ...overrides,
});

/**
 * The relay with its collaborators faked: `rows` is what the claim returns, `open` the tasks whose status (read
 * under the request locks) can still be dispatched, `failingTopics` the topics Kafka refuses.
 */
function relayWith(
  rows: ReturnType<typeof claimed>[],
  open: string[],
  { batchSize = 10, failingTopics = new Map<string, Error>(), ackTimeoutMs = 60_000 } = {},
) {
  const statements: { sql: string; params: unknown[] }[] = [];
  let claims = 0;
  const manager = {
    query: jest.fn(async (sql: string, params: unknown[]) => {
      statements.push({ sql, params });
      if (sql.includes('FROM outbox_messages o')) return claims++ === 0 ? rows : [];
      return [];
    }),
  } as unknown as EntityManager;
  const dataSource = {
    transaction: (work: (m: EntityManager) => Promise<unknown>) => work(manager),
    // the idle probe: something is due while the claim still has rows to return
    query: jest.fn(async () => (claims === 0 && rows.length > 0 ? [{ '?column?': 1 }] : [])),
  } as unknown as DataSource;
  const sent: { topic: string; messages: { key: string; value: Buffer }[] }[] = [];
  const send = async (topic: string, messages: { key: string; value: Buffer }[]) => {
    const failure = failingTopics.get(topic);
    if (failure) throw failure;
    sent.push({ topic, messages });
  };
  const kafka = {
    send: jest.fn(send),
    sendBatch: jest.fn(async (batch: { topic: string; messages: { key: string; value: Buffer }[] }[]) => {
      // all or nothing, as one produce request per broker is
      if (batch.some(({ topic }) => failingTopics.has(topic))) throw new Error('one partition failed');
      for (const { topic, messages } of batch) await send(topic, messages);
    }),
    forgetTopics: jest.fn(),
    ensureTopics: jest.fn(async () => undefined),
  } as unknown as KafkaConnection;
  const appended: { stream: string; events: NewAuditEvent[] }[] = [];
  const ledger = {
    appendToStreams: jest.fn(
      async (_m: EntityManager, list: { stream: string; events: NewAuditEvent[] }[]) => {
        appended.push(...list);
      },
    ),
  } as unknown as LedgerRepository;
  const config = {
    outboxBatchSize: batchSize,
    outboxConcurrency: 1,
    outboxPollIntervalMs: 1000,
    commandTopicPartitions: 3,
    commandRetentionMs: 60_000,
    retryPolicy: { ackTimeoutMs },
    sweepIntervalMs: 30_000,
    topics: {
      commands: (service: string) => `lethe.erasure.commands.${service}`,
      commandsDeadLetter: (service: string) => `lethe.erasure.commands.${service}.dlq`,
    },
  } as unknown as CoordinatorConfig;
  const armed: ScheduledTimer[] = [];
  const timers = {
    arm: jest.fn((list: ScheduledTimer[]) => void armed.push(...list)),
  } as unknown as TimerQueue;
  const dispatches: TaskDispatch[] = [];
  const state = {
    markDispatched: jest.fn(async (_m: EntityManager, items: TaskDispatch[]) => {
      dispatches.push(...items);
      return new Set(items.map((item) => item.taskId));
    }),
  } as unknown as TaskStateService;
  const locked: string[][] = [];
  const requests = {
    lockMany: jest.fn(async (_m: EntityManager, ids: string[]) => void locked.push(ids)),
  } as unknown as ErasureRequestRepository;
  const tasks = {
    findMany: jest.fn(async (_m: EntityManager, ids: string[]) =>
      ids.map((id) => ({ id, status: open.includes(id) ? 'pending' : 'cancelled' })),
    ),
  } as unknown as ErasureTaskRepository;
  const clock = { now: () => NOW } as Clock;
  const relay = new OutboxRelay(
    dataSource,
    kafka,
    keys,
    ledger,
    config,
    clock,
    timers,
    state,
    requests,
    tasks,
  );
  const commandsSent = () =>
    sent.flatMap((batch) =>
      batch.messages.map((m) => JSON.parse(m.value.toString('utf8')) as ErasureCommand),
    );
  const statement = (prefix: string) => statements.find((s) => s.sql.trimStart().startsWith(prefix));
  const backOff = () => statement('UPDATE outbox_messages o SET sent_at = NULL, publish_attempts');
  /**
   * The outbox rows left sent when the batch commits: the claim marks every row it claims sent (at the claim's
   * time), and a back-off puts its rows back unsent.
   */
  const rowsLeftSent = () => {
    const claim = statements.find((s) => s.sql.includes('FROM outbox_messages o'));
    if (
      !claim ||
      !/UPDATE outbox_messages o SET sent_at = \$2, last_error = NULL\s+FROM handed h/.test(claim.sql)
    ) {
      return [];
    }
    expect(claim.params[1]).toBe(NOW);
    const putBack = new Set((backOff()?.params[0] as string[] | undefined) ?? []);
    return rows.map((row) => row.outboxId).filter((id) => !putBack.has(id));
  };
  return {
    relay,
    kafka,
    statements,
    statement,
    backOff,
    rowsLeftSent,
    sent,
    commandsSent,
    appended,
    armed,
    dispatches,
    locked,
  };
}

describe(OutboxRelay.name, () => {
  it('publishes only the tasks still open under the request locks, and marks every claimed row sent', async () => {
    const { relay, sent, backOff, rowsLeftSent, commandsSent, dispatches, locked } = relayWith(
      [claimed(1), claimed(2), claimed(3)],
      ['task-1', 'task-2'],
    );
    await expect(relay.drain()).resolves.toBe(3);

    expect(locked).toEqual([['request-1', 'request-1', 'request-1']]);
    expect(dispatches.map((d) => d.taskId)).toEqual(['task-1', 'task-2']);
    expect(
      commandsSent()
        .map((command) => command.taskId)
        .sort(),
    ).toEqual(['task-1', 'task-2']);
    expect(sent.map((batch) => batch.topic).sort()).toEqual([
      'lethe.erasure.commands.accounts',
      'lethe.erasure.commands.orders',
    ]);
    expect(rowsLeftSent()).toEqual(['1', '2', '3']);
    expect(backOff()).toBeUndefined();
  });

  it('locks the requests, reads the tasks under the locks, publishes, then marks the published dispatched', async () => {
    const order: string[] = [];
    const { relay } = relayWith([claimed(1)], ['task-1']);
    const internals = relay as unknown as {
      requests: { lockMany: jest.Mock };
      tasks: { findMany: jest.Mock };
      state: { markDispatched: jest.Mock };
      kafka: { sendBatch: jest.Mock };
    };
    for (const [name, mock] of [
      ['lock', internals.requests.lockMany],
      ['read', internals.tasks.findMany],
      ['publish', internals.kafka.sendBatch],
      ['dispatch', internals.state.markDispatched],
    ] as const) {
      const original = mock.getMockImplementation()!;
      mock.mockImplementation(async (...args: unknown[]) => {
        order.push(name);
        return original(...args);
      });
    }
    await relay.drain();
    expect(order).toEqual(['lock', 'read', 'publish', 'dispatch']);
  });

  it('publishes every topic in one sendBatch while nothing fails', async () => {
    const { relay, kafka } = relayWith([claimed(1), claimed(2), claimed(3)], ['task-1', 'task-2', 'task-3']);
    await relay.drain();
    expect(kafka.sendBatch).toHaveBeenCalledTimes(1);
    expect(kafka.send).not.toHaveBeenCalled();
  });

  it('records task.dispatched in one append, and arms acknowledgement timers only for SDK services', async () => {
    const { relay, appended, armed } = relayWith(
      [claimed(1), claimed(2, { awaitsAck: false }), claimed(3)],
      ['task-1', 'task-2'],
    );
    await relay.drain();
    expect(appended).toHaveLength(1);
    expect(appended[0].stream).toBe('request:request-1');
    expect(appended[0].events.map((e) => e.data.service)).toEqual(['accounts', 'orders']);
    expect(armed).toEqual([
      {
        job: { name: 'task.ack-timeout', data: { taskId: 'task-1', attempt: 1 } },
        at: new Date(NOW.getTime() + 60_000),
      },
    ]);
  });

  it('leaves an acknowledgement timeout due after the sweep horizon to the sweep: no timer per dispatch', async () => {
    // 2 × 30 s sweep interval is the horizon; the default policy's 15 min is far past it
    const { relay, armed, dispatches } = relayWith([claimed(1), claimed(3)], ['task-1', 'task-3'], {
      ackTimeoutMs: 15 * 60_000,
    });
    await expect(relay.drain()).resolves.toBe(2);
    expect(dispatches.map((d) => d.taskId)).toEqual(['task-1', 'task-3']);
    expect(armed).toEqual([]);
  });

  it('publishes nothing, dispatches nothing and opens no transaction when nothing is due', async () => {
    const { relay, sent, dispatches, statements } = relayWith([], []);
    await expect(relay.drain()).resolves.toBe(0);
    expect(sent).toEqual([]);
    expect(dispatches).toEqual([]);
    expect(statements).toEqual([]);
  });

  it('claims again, with the other loops, while batches come back full', async () => {
    const { relay, statements } = relayWith([claimed(1), claimed(2)], ['task-1', 'task-2'], { batchSize: 2 });
    (relay as unknown as { config: { outboxConcurrency: number } }).config.outboxConcurrency = 3;
    await expect(relay.drain()).resolves.toBe(2);
    // the full first batch, then one claim per loop that finds nothing left
    expect(statements.filter((s) => s.sql.includes('FROM outbox_messages o'))).toHaveLength(4);
  });

  it('refuses a command of a shredded request on its own: not dispatched, recorded, the others published', async () => {
    const { relay, sent, rowsLeftSent, dispatches, appended } = relayWith(
      [claimed(1, { sealedIdentities: null }), claimed(2)],
      ['task-1', 'task-2'],
    );
    await expect(relay.drain()).resolves.toBe(2);
    expect(dispatches.map((d) => d.taskId)).toEqual(['task-2']);
    expect(sent.flatMap((batch) => batch.messages)).toHaveLength(1);
    expect(rowsLeftSent()).toEqual(['1', '2']);
    expect(appended.flatMap((a) => a.events.map((e) => e.type)).sort()).toEqual([
      'task.dispatch_refused',
      'task.dispatched',
    ]);
  });

  it('backs off a row whose identities do not open, on its own, and publishes the others', async () => {
    const poison = claimed(2, { requestId: 'request-2', wrappedDataKey: Buffer.from('not a wrapped key') });
    const {
      relay,
      backOff: backOffStatement,
      rowsLeftSent,
      commandsSent,
      dispatches,
    } = relayWith([claimed(1), poison, claimed(3, { publishAttempts: 0 })], ['task-1', 'task-2', 'task-3']);
    await expect(relay.drain()).resolves.toBe(3);
    expect(
      commandsSent()
        .map((c) => c.taskId)
        .sort(),
    ).toEqual(['task-1', 'task-3']);
    expect(dispatches.map((d) => d.taskId)).toEqual(['task-1', 'task-3']);
    expect(rowsLeftSent()).toEqual(['1', '3']);
    const backOff = backOffStatement();
    expect(backOff?.params[0]).toEqual(['2']);
    expect(backOff?.params[1]).toEqual([new Date(NOW.getTime() + 500)]);
  });

  it('backs off the rows of a topic Kafka lost, re-creates that topic, and publishes the other topics', async () => {
    const lost = Object.assign(new Error('retries exceeded'), {
      originalError: Object.assign(new Error('This server does not host this topic-partition'), {
        type: 'UNKNOWN_TOPIC_OR_PARTITION',
      }),
    });
    const {
      relay,
      kafka,
      backOff: backOffStatement,
      rowsLeftSent,
      commandsSent,
      dispatches,
    } = relayWith(
      [claimed(1), claimed(2), claimed(3, { publishAttempts: 3 })],
      ['task-1', 'task-2', 'task-3'],
      { failingTopics: new Map([['lethe.erasure.commands.accounts', lost]]) },
    );
    await expect(relay.drain()).resolves.toBe(3);
    expect(commandsSent().map((c) => c.taskId)).toEqual(['task-2']);
    expect(dispatches.map((d) => d.taskId)).toEqual(['task-2']);
    expect(rowsLeftSent()).toEqual(['2']);
    const backOff = backOffStatement();
    expect(backOff?.params[0]).toEqual(['1', '3']);
    // each row backs off by its own count of failed publishes
    expect(backOff?.params[1]).toEqual([new Date(NOW.getTime() + 500), new Date(NOW.getTime() + 4000)]);
    expect(kafka.forgetTopics).toHaveBeenCalledWith([
      'lethe.erasure.commands.accounts',
      'lethe.erasure.commands.accounts.dlq',
    ]);
    expect(kafka.ensureTopics).toHaveBeenCalledTimes(1);
  });
});
