import { OutgoingRecord, PublishBatcher } from './publish-batcher';

const record = (n: number): OutgoingRecord => ({
  topic: 'results',
  key: `r-${n}`,
  value: `v-${n}`,
  headers: {},
});

function setup(maxBatchSize = 100, send?: (records: OutgoingRecord[]) => Promise<void>) {
  const sends: string[][] = [];
  const batcher = new PublishBatcher({
    lingerMs: 0,
    maxBatchSize,
    send:
      send ??
      (async (records) => {
        sends.push(records.map((r) => String(r.key)));
      }),
  });
  return { batcher, sends };
}

describe(PublishBatcher.name, () => {
  it('sends the records published together in one request, and settles each after it', async () => {
    const { batcher, sends } = setup();
    await Promise.all([1, 2, 3].map((n) => batcher.publish(record(n))));
    expect(sends).toEqual([['r-1', 'r-2', 'r-3']]);
  });

  it('sends a full batch at once and the rest after the linger', async () => {
    const { batcher, sends } = setup(2);
    const published = [1, 2, 3].map((n) => batcher.publish(record(n)));
    expect(sends).toEqual([['r-1', 'r-2']]);
    await Promise.all(published);
    expect(sends).toEqual([['r-1', 'r-2'], ['r-3']]);
  });

  it('fails every record of a failed send, and none of the next batch', async () => {
    let calls = 0;
    const { batcher } = setup(2, async () => {
      calls++;
      if (calls === 1) throw new Error('NOT_ENOUGH_REPLICAS');
    });
    const results = await Promise.allSettled([1, 2, 3].map((n) => batcher.publish(record(n))));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });

  it('fails the batch when the send throws before it returns a promise', async () => {
    const { batcher } = setup(1, () => {
      throw new Error('producer disconnected');
    });
    await expect(batcher.publish(record(1))).rejects.toThrow('producer disconnected');
  });

  it('does nothing when flushed empty', () => {
    const { batcher, sends } = setup();
    batcher.flush();
    expect(sends).toEqual([]);
  });
});
