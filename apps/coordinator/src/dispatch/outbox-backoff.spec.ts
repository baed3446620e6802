import { OUTBOX_BACKOFF_MAX_MS, outboxBackoffMs, outboxErrorText } from './outbox-backoff';

describe(outboxBackoffMs.name, () => {
  it('doubles from half a second per failed publish and stops at a minute', () => {
    expect([1, 2, 3, 4, 5, 8].map(outboxBackoffMs)).toEqual([500, 1000, 2000, 4000, 8000, 60_000]);
    expect(outboxBackoffMs(1_000)).toBe(OUTBOX_BACKOFF_MAX_MS);
    expect(outboxBackoffMs(0)).toBe(500);
  });
});

describe(outboxErrorText.name, () => {
  it('keeps the name and message, cut to the column', () => {
    expect(outboxErrorText(new TypeError('bad tag'))).toBe('TypeError: bad tag');
    expect(outboxErrorText('plain')).toBe('plain');
    const long = outboxErrorText(new Error('x'.repeat(1000)));
    expect(long).toHaveLength(500);
    expect(long.endsWith('...')).toBe(true);
  });
});
