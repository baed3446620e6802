import { StatsCache } from './stats-cache';

describe(StatsCache.name, () => {
  let computed: number;
  const compute = () => Promise.resolve(++computed);

  beforeEach(() => {
    computed = 0;
  });

  it('computes once while the key stays the same, however old the value gets', async () => {
    const cache = new StatsCache<number>(5000);
    await expect(cache.get('v1', 0, compute)).resolves.toBe(1);
    await expect(cache.get('v1', 60_000, compute)).resolves.toBe(1);
    expect(computed).toBe(1);
  });

  it('recomputes when the key changes, but not more often than the minimum age', async () => {
    const cache = new StatsCache<number>(5000);
    await cache.get('v1', 0, compute);
    await expect(cache.get('v2', 4999, compute)).resolves.toBe(1);
    await expect(cache.get('v2', 5000, compute)).resolves.toBe(2);
    await expect(cache.get('v3', 6000, compute)).resolves.toBe(2);
    await expect(cache.get('v3', 10_000, compute)).resolves.toBe(3);
  });

  it('shares one computation between concurrent callers', async () => {
    const cache = new StatsCache<number>(5000);
    let release!: (value: number) => void;
    const slow = jest.fn(() => new Promise<number>((resolve) => (release = resolve)));
    const first = cache.get('v1', 0, slow);
    const second = cache.get('v1', 0, slow);
    release(42);
    await expect(Promise.all([first, second])).resolves.toEqual([42, 42]);
    expect(slow).toHaveBeenCalledTimes(1);
  });

  it('keeps nothing from a failed computation, so the next caller tries again', async () => {
    const cache = new StatsCache<number>(5000);
    await expect(cache.get('v1', 0, () => Promise.reject(new Error('database away')))).rejects.toThrow(
      'database away',
    );
    await expect(cache.get('v1', 1, compute)).resolves.toBe(1);
  });
});
