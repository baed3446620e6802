import { PartitionProgress } from './partition-progress';

describe(PartitionProgress.name, () => {
  it('commits just above each message finished in order', () => {
    const progress = new PartitionProgress();
    progress.begin(0n);
    expect(progress.finish(0n)).toBe(1n);
    progress.begin(1n);
    expect(progress.finish(1n)).toBe(2n);
  });

  it('never passes an unfinished offset, however much finishes after it', () => {
    const progress = new PartitionProgress();
    for (const offset of [4n, 5n, 6n]) progress.begin(offset);
    expect(progress.finish(5n)).toBe(4n);
    expect(progress.finish(6n)).toBe(4n);
    expect(progress.inHand).toBe(1);
    expect(progress.finish(4n)).toBe(7n);
    expect(progress.inHand).toBe(0);
  });

  it('waits for every overlapping delivery of one offset', () => {
    const progress = new PartitionProgress();
    progress.begin(2n);
    progress.begin(2n);
    progress.begin(3n);
    expect(progress.finish(3n)).toBe(2n);
    expect(progress.finish(2n)).toBe(2n);
    expect(progress.finish(2n)).toBe(4n);
  });

  it('stops waiting for an abandoned offset without counting it finished', () => {
    const progress = new PartitionProgress();
    progress.begin(7n);
    progress.begin(8n);
    expect(progress.finish(7n)).toBe(8n);
    progress.abandon(8n);
    expect(progress.committable()).toBe(8n);
    progress.abandon(99n);
    expect(progress.committable()).toBe(8n);
  });
});
