import { ErasureCommand } from '@lethe/deletion-sdk';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { CoordinatorConfig } from '../config/coordinator-config';
import { sealPayload } from '../crypto/identity-vault';
import { KeyRing } from '../crypto/key-ring';
import { KafkaConnection } from '../kafka/kafka-connection';
import { LedgerRepository, NewAuditEvent } from '../ledger/ledger.repository';
import { ErasureRequestRepository } from '../tasks/erasure-request.repository';
import { TaskDispatch } from '../tasks/erasure-task.repository';
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
  ...overrides,
});

/** The relay with its collaborators faked: `rows` is what the claim returns, `dispatchable` what the state allows. */
function relayWith(rows: ReturnType<typeof claimed>[], dispatchable: string[], batchSize = 10) {
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
  } as unknown as DataSource;
  const sent: { topic: string; messages: { key: string; value: Buffer }[] }[] = [];
  const kafka = {
    send: jest.fn(async (topic: string, messages: { key: string; value: Buffer }[]) => {
      sent.push({ topic, messages });
    }),
  } as unknown as KafkaConnection;
  const appended: { stream: string; events: NewAuditEvent[] }[] = [];
  const ledger = {
    append: jest.fn(async (_m: EntityManager, stream: string, events: NewAuditEvent[]) => {
      appended.push({ stream, events });
    }),
  } as unknown as LedgerRepository;
  const config = {
    outboxBatchSize: batchSize,
    outboxPollIntervalMs: 1000,
    retryPolicy: { ackTimeoutMs: 60_000 },
    topics: { commands: (service: string) => `lethe.erasure.commands.${service}` },
  } as unknown as CoordinatorConfig;
  const scheduled: ScheduledTimer[] = [];
  const timers = {
    schedule: jest.fn(async (list: ScheduledTimer[]) => void scheduled.push(...list)),
  } as unknown as TimerQueue;
  const dispatches: TaskDispatch[] = [];
  const state = {
    markDispatched: jest.fn(async (_m: EntityManager, items: TaskDispatch[]) => {
      dispatches.push(...items);
      return new Set(items.map((item) => item.taskId).filter((id) => dispatchable.includes(id)));
    }),
  } as unknown as TaskStateService;
  const locked: string[][] = [];
  const requests = {
    lockMany: jest.fn(async (_m: EntityManager, ids: string[]) => void locked.push(ids)),
  } as unknown as ErasureRequestRepository;
  const clock = { now: () => NOW } as Clock;
  const relay = new OutboxRelay(dataSource, kafka, keys, ledger, config, clock, timers, state, requests);
  return { relay, statements, sent, appended, scheduled, dispatches, locked };
}

describe(OutboxRelay.name, () => {
  it('publishes only the tasks the state owner dispatched, and marks every claimed row sent', async () => {
    const { relay, sent, statements, dispatches, locked } = relayWith(
      [claimed(1), claimed(2), claimed(3)],
      ['task-1', 'task-2'],
    );
    await expect(relay.drain()).resolves.toBe(3);

    expect(locked).toEqual([['request-1']]);
    expect(dispatches.map((d) => d.taskId)).toEqual(['task-1', 'task-2', 'task-3']);
    const published = sent.flatMap((batch) =>
      batch.messages.map((m) => JSON.parse(m.value.toString('utf8')) as ErasureCommand),
    );
    expect(published.map((command) => command.taskId).sort()).toEqual(['task-1', 'task-2']);
    expect(sent.map((batch) => batch.topic).sort()).toEqual([
      'lethe.erasure.commands.accounts',
      'lethe.erasure.commands.orders',
    ]);
    const markSent = statements.find((s) => s.sql.startsWith('UPDATE outbox_messages'));
    expect(markSent?.params).toEqual([['1', '2', '3'], NOW]);
  });

  it('locks the requests before it dispatches, and dispatches before it publishes', async () => {
    const order: string[] = [];
    const { relay } = relayWith([claimed(1)], ['task-1']);
    const internals = relay as unknown as {
      requests: { lockMany: jest.Mock };
      state: { markDispatched: jest.Mock };
      kafka: { send: jest.Mock };
    };
    for (const [name, mock] of [
      ['lock', internals.requests.lockMany],
      ['dispatch', internals.state.markDispatched],
      ['publish', internals.kafka.send],
    ] as const) {
      const original = mock.getMockImplementation()!;
      mock.mockImplementation(async (...args: unknown[]) => {
        order.push(name);
        return original(...args);
      });
    }
    await relay.drain();
    expect(order).toEqual(['lock', 'dispatch', 'publish']);
  });

  it('records task.dispatched only for what it published, and arms acknowledgement timers only for SDK services', async () => {
    const { relay, appended, scheduled } = relayWith(
      [claimed(1), claimed(2, { awaitsAck: false }), claimed(3)],
      ['task-1', 'task-2'],
    );
    await relay.drain();
    expect(appended).toHaveLength(1);
    expect(appended[0].stream).toBe('request:request-1');
    expect(appended[0].events.map((e) => e.data.service)).toEqual(['accounts', 'orders']);
    expect(scheduled).toEqual([
      {
        job: { name: 'task.ack-timeout', data: { taskId: 'task-1', attempt: 1 } },
        at: new Date(NOW.getTime() + 60_000),
      },
    ]);
  });

  it('publishes nothing and dispatches nothing when the outbox is empty', async () => {
    const { relay, sent, dispatches } = relayWith([], []);
    await expect(relay.drain()).resolves.toBe(0);
    expect(sent).toEqual([]);
    expect(dispatches).toEqual([]);
  });

  it('refuses a command of a shredded request on its own: not dispatched, recorded, the others published', async () => {
    const { relay, sent, statements, dispatches, appended } = relayWith(
      [claimed(1, { sealedIdentities: null }), claimed(2)],
      ['task-1', 'task-2'],
    );
    await expect(relay.drain()).resolves.toBe(2);
    expect(dispatches.map((d) => d.taskId)).toEqual(['task-2']);
    expect(sent.flatMap((batch) => batch.messages)).toHaveLength(1);
    const marked = statements.find((s) => s.sql.startsWith('UPDATE outbox_messages'));
    expect(marked?.params[0]).toEqual(['1', '2']);
    expect(appended.flatMap((a) => a.events.map((e) => e.type)).sort()).toEqual([
      'task.dispatch_refused',
      'task.dispatched',
    ]);
  });
});
