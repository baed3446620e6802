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

describe(`${PartitionProgress.name} with concurrent work`, () => {
  it('holds the position at an abandoned offset while later ones finish, until it is delivered again', () => {
    const progress = new PartitionProgress();
    for (const offset of [10n, 11n, 12n]) progress.begin(offset);
    progress.abandon(11n);
    expect(progress.finish(12n)).toBe(10n);
    expect(progress.finish(10n)).toBe(11n);
    progress.begin(11n);
    expect(progress.committable()).toBe(11n);
    expect(progress.finish(11n)).toBe(13n);
  });

  it('lets an overlapping delivery that finishes release an abandoned offset', () => {
    const progress = new PartitionProgress();
    progress.begin(3n);
    progress.begin(3n);
    progress.abandon(3n);
    expect(progress.committable()).toBe(3n);
    expect(progress.finish(3n)).toBe(4n);
  });
});
