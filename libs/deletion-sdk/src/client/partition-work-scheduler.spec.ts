import { silentLogger } from '../core/sdk-logger';
import { ConsumedMessageRef, PartitionWorkScheduler } from './partition-work-scheduler';

const HAND_OFF_MS = 20;

function setup(overrides: { maxHandedOff?: number; handOffAfterMs?: number; maxRunning?: number } = {}) {
  const commits: { partition: number; offset: string }[] = [];
  let active = true;
  const scheduler = new PartitionWorkScheduler({
    commit: async (_topic, partition, offset) => {
      commits.push({ partition, offset });
    },
    handOffAfterMs: overrides.handOffAfterMs ?? HAND_OFF_MS,
    maxHandedOff: overrides.maxHandedOff ?? 4,
    isActive: () => active,
    logger: silentLogger,
    sleep: async () => undefined,
    maxRunning: overrides.maxRunning,
  });
  return { scheduler, commits, stop: () => (active = false) };
}

function ref(offset: number, key = `request-${offset}`, partition = 0): ConsumedMessageRef {
  return { topic: 'commands', partition, offset: String(offset), key };
}

/** Work that finishes only when `release` is called. */
function gated() {
  let release: () => void = () => undefined;
  let fail: (err: Error) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  return { work: jest.fn(() => done), release: () => release(), fail: (err: Error) => fail(err) };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe(PartitionWorkScheduler.name, () => {
  it('runs quick work in line and commits the next offset after each message', async () => {
    const { scheduler, commits } = setup();
    await scheduler.submit(ref(0), async () => undefined);
    await scheduler.submit(ref(1), async () => undefined);
    expect(commits).toEqual([
      { partition: 0, offset: '1' },
      { partition: 0, offset: '2' },
    ]);
    expect(scheduler.handedOffCount).toBe(0);
  });

  it('throws in-line failures without committing, so kafkajs redelivers the message', async () => {
    const { scheduler, commits } = setup();
    await expect(
      scheduler.submit(ref(3), async () => {
        throw new Error('NOT_ENOUGH_REPLICAS');
      }),
    ).rejects.toThrow('NOT_ENOUGH_REPLICAS');
    expect(commits).toEqual([]);
    await scheduler.submit(ref(3), async () => undefined);
    expect(commits).toEqual([{ partition: 0, offset: '4' }]);
  });

  it('hands a stuck message off, takes the next ones, and commits past it only when it finishes', async () => {
    const { scheduler, commits } = setup();
    const stuck = gated();
    await scheduler.submit(ref(0), stuck.work);
    expect(scheduler.handedOffCount).toBe(1);
    await scheduler.submit(ref(1), async () => undefined);
    await scheduler.submit(ref(2), async () => undefined);
    expect(commits).toEqual([]);

    stuck.release();
    await scheduler.drain();
    expect(commits).toEqual([{ partition: 0, offset: '3' }]);
  });

  it('keeps the order of one key: a later message of a stuck request waits behind it', async () => {
    const { scheduler, commits } = setup();
    const stuck = gated();
    const order: string[] = [];
    await scheduler.submit(ref(0, 'request-a'), async () => {
      await stuck.work();
      order.push('first');
    });
    const retry = jest.fn(async () => {
      order.push('retry');
    });
    await scheduler.submit(ref(1, 'request-a'), retry);
    await scheduler.submit(ref(2, 'request-b'), async () => {
      order.push('other');
    });
    await tick();
    expect(retry).not.toHaveBeenCalled();
    expect(order).toEqual(['other']);

    stuck.release();
    await scheduler.drain();
    expect(order).toEqual(['other', 'first', 'retry']);
    expect(commits.at(-1)).toEqual({ partition: 0, offset: '3' });
  });

  it('retries handed-off work that fails until it succeeds', async () => {
    const { scheduler, commits } = setup();
    let calls = 0;
    const slowFailure = gated();
    await scheduler.submit(ref(5), () => {
      calls++;
      return calls === 1 ? slowFailure.work() : Promise.resolve();
    });
    slowFailure.fail(new Error('broker unavailable'));
    await scheduler.drain();
    expect(calls).toBe(2);
    expect(commits).toEqual([{ partition: 0, offset: '6' }]);
  });

  it('once stopping, leaves failed handed-off work uncommitted and commits nothing past it', async () => {
    const { scheduler, commits, stop } = setup();
    const slowFailure = gated();
    await scheduler.submit(ref(0), slowFailure.work);
    await scheduler.submit(ref(1), async () => undefined);
    stop();
    slowFailure.fail(new Error('broker unavailable'));
    await scheduler.drain();
    await scheduler.submit(ref(2), async () => undefined);
    expect(commits).toEqual([]);
    expect(slowFailure.work).toHaveBeenCalledTimes(1);
  });

  it('bounds the background: past maxHandedOff the partition waits for a slot', async () => {
    const { scheduler } = setup({ maxHandedOff: 1 });
    const first = gated();
    const second = gated();
    await scheduler.submit(ref(0), first.work);
    let secondSubmitted = false;
    const submitting = scheduler.submit(ref(1), second.work).then(() => (secondSubmitted = true));
    await new Promise((resolve) => setTimeout(resolve, HAND_OFF_MS * 3));
    expect(scheduler.handedOffCount).toBe(2);
    expect(secondSubmitted).toBe(false);
    first.release();
    await submitting;
    expect(secondSubmitted).toBe(true);
    second.release();
    await scheduler.drain();
  });

  it('keeps partitions apart', async () => {
    const { scheduler, commits } = setup();
    const stuck = gated();
    await scheduler.submit(ref(0, 'a', 0), stuck.work);
    await scheduler.submit(ref(0, 'b', 1), async () => undefined);
    expect(commits).toEqual([{ partition: 1, offset: '1' }]);
    stuck.release();
    await scheduler.drain();
    expect(commits).toContainEqual({ partition: 0, offset: '1' });
  });
});

describe(`${PartitionWorkScheduler.name}.submitBatch`, () => {
  const item = (offset: number, key: string, work: () => Promise<void>) => ({ ref: ref(offset, key), work });

  it('runs the keys of a batch concurrently, one key in order, and commits once after the batch', async () => {
    // nothing is handed off here, however slowly the test machine runs
    const { scheduler, commits } = setup({ handOffAfterMs: 60_000 });
    const order: string[] = [];
    const gates = new Map<string, ReturnType<typeof gated>>();
    const step = (name: string) => async () => {
      order.push(`start ${name}`);
      const gate = gated();
      gates.set(name, gate);
      await gate.work();
      order.push(`end ${name}`);
    };
    const batch = [item(0, 'a', step('a0')), item(1, 'b', step('b1')), item(2, 'a', step('a2'))];
    const settled = scheduler.submitBatch(batch, 8);
    await tick();
    // a0 and b1 run at once; a2 waits for a0 although a slot is free
    expect(order).toEqual(['start a0', 'start b1']);
    gates.get('b1')?.release();
    await tick();
    expect(order).toEqual(['start a0', 'start b1', 'end b1']);
    expect(commits).toEqual([]);
    gates.get('a0')?.release();
    await tick();
    gates.get('a2')?.release();
    await expect(settled).resolves.toEqual({});
    expect(order).toEqual(['start a0', 'start b1', 'end b1', 'end a0', 'start a2', 'end a2']);
    expect(commits).toEqual([{ partition: 0, offset: '3' }]);
  });

  it('runs at most `concurrency` messages at once', async () => {
    const { scheduler } = setup();
    let running = 0;
    let peak = 0;
    const work = async () => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      running--;
    };
    const batch = Array.from({ length: 9 }, (_, i) => item(i, `k-${i}`, work));
    await scheduler.submitBatch(batch, 3);
    expect(peak).toBe(3);
  });

  it('with maxRunning, bounds the messages in hand across batches of several partitions at once', async () => {
    const { scheduler, commits } = setup({ maxRunning: 4, handOffAfterMs: 60_000 });
    let running = 0;
    let peak = 0;
    const work = async () => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      running--;
    };
    const batchOf = (partition: number) =>
      Array.from({ length: 6 }, (_, i) => ({ ref: ref(i, `k-${partition}-${i}`, partition), work }));
    const settled = await Promise.all([0, 1, 2].map((p) => scheduler.submitBatch(batchOf(p), 3)));
    expect(settled).toEqual([{}, {}, {}]);
    expect(peak).toBe(4);
    expect(commits.sort((a, b) => a.partition - b.partition)).toEqual([
      { partition: 0, offset: '6' },
      { partition: 1, offset: '6' },
      { partition: 2, offset: '6' },
    ]);
  });

  it('with maxRunning, frees the slot of a message handed off, so the others go on', async () => {
    const { scheduler, commits } = setup({ maxRunning: 1 });
    const hung = gated();
    const quick = jest.fn(async () => undefined);
    const settled = await Promise.all([
      scheduler.submitBatch([{ ref: ref(0, 'hung', 0), work: hung.work }], 1),
      scheduler.submitBatch([{ ref: ref(0, 'quick', 1), work: quick }], 1),
    ]);
    expect(settled).toEqual([{}, {}]);
    expect(quick).toHaveBeenCalledTimes(1);
    expect(scheduler.handedOffCount).toBe(1);
    expect(commits).toEqual([{ partition: 1, offset: '1' }]);
    hung.release();
    await scheduler.drain();
    expect(commits).toContainEqual({ partition: 0, offset: '1' });
  });

  it('reports the lowest failed offset, commits below it, and skips the later messages of its key', async () => {
    const { scheduler, commits } = setup();
    const ran: number[] = [];
    const ok = (offset: number) => async () => {
      ran.push(offset);
    };
    const fail = (offset: number) => async () => {
      ran.push(offset);
      throw new Error(`store down at ${offset}`);
    };
    const batch = [
      item(10, 'a', ok(10)),
      item(11, 'b', fail(11)),
      item(12, 'c', ok(12)),
      item(13, 'b', ok(13)),
      item(14, 'd', fail(14)),
      item(15, 'e', ok(15)),
    ];
    const { failure } = await scheduler.submitBatch(batch, 8);
    expect(failure).toEqual({ offset: 11n, error: new Error('store down at 11') });
    expect(ran.sort((x, y) => x - y)).toEqual([10, 11, 12, 14, 15]);
    expect(commits).toEqual([{ partition: 0, offset: '11' }]);

    // Read again from 11: the position moves past the batch once those are answered.
    await scheduler.submitBatch(
      [11, 12, 13, 14, 15].map((o) => item(o, `k-${o}`, ok(o))),
      8,
    );
    expect(commits.at(-1)).toEqual({ partition: 0, offset: '16' });
  });

  it('never commits past a failed offset while handed-off work finishes before it is read again', async () => {
    const { scheduler, commits } = setup();
    const slow = gated();
    await scheduler.submitBatch([item(0, 'slow', slow.work)], 4);
    expect(scheduler.handedOffCount).toBe(1);
    const { failure } = await scheduler.submitBatch(
      [
        item(1, 'x', async () => {
          throw new Error('broker unavailable');
        }),
        item(2, 'y', async () => undefined),
      ],
      4,
    );
    expect(failure?.offset).toBe(1n);
    slow.release();
    await scheduler.drain();
    expect(commits).toEqual([{ partition: 0, offset: '1' }]);
  });

  it('hands a slow message off with the rest of its key, and moves on with the other keys', async () => {
    const { scheduler, commits } = setup();
    const stuck = gated();
    const order: string[] = [];
    const settled = await scheduler.submitBatch(
      [
        item(0, 'a', async () => {
          await stuck.work();
          order.push('a0');
        }),
        item(1, 'a', async () => {
          order.push('a1');
        }),
        item(2, 'b', async () => {
          order.push('b2');
        }),
      ],
      4,
    );
    expect(settled).toEqual({});
    expect(order).toEqual(['b2']);
    expect(scheduler.handedOffCount).toBe(2);
    expect(commits).toEqual([]);
    stuck.release();
    await scheduler.drain();
    expect(order).toEqual(['b2', 'a0', 'a1']);
    expect(commits.at(-1)).toEqual({ partition: 0, offset: '3' });
  });

  it('once stopping, starts no more messages of the batch and commits nothing past them', async () => {
    const { scheduler, commits, stop } = setup();
    const ran: number[] = [];
    const batch = [0, 1, 2].map((offset) =>
      item(offset, 'same-request', async () => {
        ran.push(offset);
        if (offset === 0) stop();
      }),
    );
    await expect(scheduler.submitBatch(batch, 4)).resolves.toEqual({});
    expect(ran).toEqual([0]);
    expect(commits).toEqual([{ partition: 0, offset: '1' }]);
  });
});
