import { silentLogger } from '../core/sdk-logger';
import { ConsumedMessageRef, PartitionWorkScheduler } from './partition-work-scheduler';

const HAND_OFF_MS = 20;

function setup(overrides: { maxHandedOff?: number } = {}) {
  const commits: { partition: number; offset: string }[] = [];
  let active = true;
  const scheduler = new PartitionWorkScheduler({
    commit: async (_topic, partition, offset) => {
      commits.push({ partition, offset });
    },
    handOffAfterMs: HAND_OFF_MS,
    maxHandedOff: overrides.maxHandedOff ?? 4,
    isActive: () => active,
    logger: silentLogger,
    sleep: async () => undefined,
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
