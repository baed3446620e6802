import { groupByKey, runBounded } from './key-lanes';

describe(groupByKey.name, () => {
  it('keeps each key in order and the keys in order of first appearance', () => {
    const items = ['a1', 'b1', 'a2', 'c1', 'b2', 'a3'];
    expect(groupByKey(items, (item) => item[0])).toEqual([['a1', 'a2', 'a3'], ['b1', 'b2'], ['c1']]);
  });

  it('gives no lanes for no items', () => {
    expect(groupByKey([], String)).toEqual([]);
  });
});

describe(runBounded.name, () => {
  /** Runs `count` items whose work waits for the test, and reports how many ran at once at most. */
  async function peakConcurrency(count: number, limit: number) {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const done = runBounded(
      Array.from({ length: count }, (_, i) => i),
      limit,
      async (item) => {
        started.push(item);
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
      },
    );
    while (started.length < count) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    releases.forEach((release) => release());
    await done;
    return { peak, started };
  }

  it('never runs more than the limit at once, and starts the items in order', async () => {
    const { peak, started } = await peakConcurrency(10, 3);
    expect(peak).toBe(3);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('runs fewer items than the limit all at once', async () => {
    await expect(peakConcurrency(2, 8)).resolves.toMatchObject({ peak: 2 });
  });

  it('runs one at a time with a limit of 1', async () => {
    await expect(peakConcurrency(4, 1)).resolves.toMatchObject({ peak: 1 });
  });
});
