import { ExpiringCache } from './expiring-cache';

describe(ExpiringCache.name, () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000));

  it('returns a stored value until its time-to-live has passed', () => {
    const cache = new ExpiringCache<string>(100, 10, clock);
    cache.set('k', 'v', cache.version());
    now += 99;
    expect(cache.get('k')).toBe('v');
    now += 1;
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('stores nothing when the time-to-live is zero', () => {
    const cache = new ExpiringCache<string>(0, 10, clock);
    cache.set('k', 'v', cache.version());
    expect(cache.get('k')).toBeUndefined();
  });

  it('forgets an invalidated key at once', () => {
    const cache = new ExpiringCache<string>(100, 10, clock);
    cache.set('k', 'v', cache.version());
    cache.invalidate('k');
    expect(cache.get('k')).toBeUndefined();
  });

  it('refuses a value loaded before an invalidation', () => {
    const cache = new ExpiringCache<string>(100, 10, clock);
    const before = cache.version();
    cache.invalidate('k');
    cache.set('k', 'stale', before);
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', 'fresh', cache.version());
    expect(cache.get('k')).toBe('fresh');
  });

  it('drops the oldest entry when full', () => {
    const cache = new ExpiringCache<number>(100, 2, clock);
    cache.set('a', 1, cache.version());
    cache.set('b', 2, cache.version());
    cache.set('a', 3, cache.version()); // re-storing makes it the newest
    cache.set('c', 4, cache.version());
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(3);
    expect(cache.get('c')).toBe(4);
    expect(cache.size).toBe(2);
  });
});
