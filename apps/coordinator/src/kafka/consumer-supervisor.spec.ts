import { EventEmitter } from 'node:events';
import { ConsumerSupervisor, restartDelayMs } from './consumer-supervisor';

/** Just what the supervisor uses of a kafkajs consumer: its CRASH and GROUP_JOIN events and disconnect. */
class FakeConsumer extends EventEmitter {
  readonly events = { CRASH: 'consumer.crash', GROUP_JOIN: 'consumer.group_join' } as const;
  disconnected = false;

  async disconnect(): Promise<void> {
    this.disconnected = true;
  }

  crash(restart: boolean, error: Error = new TypeError('boom')): void {
    this.emit(this.events.CRASH, { payload: { error, restart, groupId: 'g' } });
  }

  join(): void {
    this.emit(this.events.GROUP_JOIN, { payload: {} });
  }
}

function setup() {
  const logs: string[] = [];
  const logger = {
    warn: (m: string) => logs.push(`WARN ${m}`),
    error: (m: string) => logs.push(`ERROR ${m}`),
  };
  const supervisor = new ConsumerSupervisor<FakeConsumer>(logger as never);
  const started: FakeConsumer[] = [];
  let failNextStarts = 0;
  // a consumer is counted as started once `begin` (connect, subscribe, run) succeeded
  const start = {
    create: () => new FakeConsumer(),
    begin: async (consumer: FakeConsumer) => {
      if (failNextStarts > 0) {
        failNextStarts -= 1;
        throw new RangeError('broker gone');
      }
      started.push(consumer);
    },
  };
  return {
    supervisor,
    logs,
    started,
    start,
    failStarts: (n: number) => (failNextStarts = n),
  };
}

describe(ConsumerSupervisor.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('waits 1 s, doubling to a minute, between starts', () => {
    expect([1, 2, 3, 4, 6, 7, 20].map(restartDelayMs)).toEqual([
      1_000, 2_000, 4_000, 8_000, 32_000, 60_000, 60_000,
    ]);
  });

  it('starts the consumer once and reports it running', async () => {
    const { supervisor, started, start } = setup();
    await supervisor.run('results', start);
    expect(started).toHaveLength(1);
    expect(supervisor.list()).toEqual([{ name: 'results', status: 'running' }]);
    expect(supervisor.stopped()).toEqual([]);
  });

  it('leaves a first start that fails to the caller', async () => {
    const { supervisor, start, failStarts } = setup();
    failStarts(1);
    await expect(supervisor.run('results', start)).rejects.toThrow('broker gone');
  });

  it('leaves a crash kafkajs restarts to kafkajs, and is running again once the group is joined', async () => {
    const { supervisor, started, start, logs } = setup();
    await supervisor.run('results', start);
    started[0].crash(true);
    expect(supervisor.list()).toEqual([{ name: 'results', status: 'restarting', lastError: 'TypeError' }]);
    expect(supervisor.stopped()).toEqual([]);
    await jest.advanceTimersByTimeAsync(120_000);
    expect(started).toHaveLength(1);
    started[0].join();
    expect(supervisor.list()).toEqual([{ name: 'results', status: 'running' }]);
    expect(logs).toEqual(['WARN results consumer crashed (TypeError); kafkajs starts it again']);
  });

  it('starts a new consumer after a crash kafkajs gives up on, and is stopped until then', async () => {
    const { supervisor, started, start, logs } = setup();
    await supervisor.run('results', start);
    started[0].crash(false);
    expect(supervisor.stopped()).toEqual([{ name: 'results', status: 'stopped', lastError: 'TypeError' }]);
    await jest.advanceTimersByTimeAsync(999);
    expect(started).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(started).toHaveLength(2);
    expect(started[0].disconnected).toBe(true);
    expect(supervisor.list()).toEqual([{ name: 'results', status: 'restarting', lastError: 'TypeError' }]);
    started[1].join();
    expect(supervisor.list()).toEqual([{ name: 'results', status: 'running' }]);
    expect(logs).toEqual([
      'ERROR results consumer crashed for good (TypeError); starting a new one in 1000 ms',
    ]);
  });

  it('backs off while the new start fails, then succeeds', async () => {
    const { supervisor, started, start, failStarts, logs } = setup();
    await supervisor.run('results', start);
    failStarts(2);
    started[0].crash(false);
    await jest.advanceTimersByTimeAsync(1_000); // first try fails
    expect(supervisor.stopped()).toEqual([{ name: 'results', status: 'stopped', lastError: 'RangeError' }]);
    await jest.advanceTimersByTimeAsync(2_000); // second fails
    await jest.advanceTimersByTimeAsync(3_999);
    expect(started).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1); // third, 4 s later, succeeds
    expect(started).toHaveLength(2);
    expect(supervisor.stopped()).toEqual([]);
    expect(logs.slice(1)).toEqual([
      'ERROR results consumer could not be started again (RangeError); starting a new one in 2000 ms',
      'ERROR results consumer could not be started again (RangeError); starting a new one in 4000 ms',
    ]);
  });

  it('ignores events of a consumer it has replaced', async () => {
    const { supervisor, started, start } = setup();
    await supervisor.run('results', start);
    started[0].crash(false);
    await jest.advanceTimersByTimeAsync(1_000);
    started[1].join();
    started[0].crash(false);
    expect(supervisor.list()).toEqual([{ name: 'results', status: 'running' }]);
    await jest.advanceTimersByTimeAsync(120_000);
    expect(started).toHaveLength(2);
  });

  it('starts nothing once stopped, even with a start pending', async () => {
    const { supervisor, started, start } = setup();
    await supervisor.run('results', start);
    started[0].crash(false);
    await supervisor.stop('results');
    await jest.advanceTimersByTimeAsync(120_000);
    expect(started).toHaveLength(1);
    expect(supervisor.list()).toEqual([]);
  });

  it('says which of several consumers stopped, by error type only', async () => {
    const { supervisor, started, start } = setup();
    await supervisor.run('results', start);
    await supervisor.run('verifications', start);
    started[1].crash(false, new Error('value quoted alice@example.com'));
    expect(supervisor.stopped()).toEqual([{ name: 'verifications', status: 'stopped', lastError: 'Error' }]);
    await supervisor.stopAll();
    expect(started.every((consumer) => consumer.disconnected)).toBe(true);
  });
});
