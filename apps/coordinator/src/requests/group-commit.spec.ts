import { GroupCommit } from './group-commit';

/** A commit whose transactions the test finishes by hand, recording the groups it was given. */
function manualCommit(fail: (items: string[]) => boolean = () => false) {
  const groups: string[][] = [];
  const open: (() => void)[] = [];
  const commit = (items: string[]) =>
    new Promise<string[]>((resolve, reject) => {
      groups.push(items);
      open.push(() =>
        fail(items) ? reject(new Error(`refused ${items.join(',')}`)) : resolve(items.map((i) => `ok:${i}`)),
      );
    });
  const finishAll = async () => {
    while (open.length > 0) {
      open.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { commit, groups, finishAll };
}

describe(GroupCommit.name, () => {
  it('commits a lone submission at once, in a group of its own', async () => {
    const { commit, groups, finishAll } = manualCommit();
    const group = new GroupCommit(commit, 10, 2);
    const done = group.submit('a');
    expect(groups).toEqual([['a']]);
    await finishAll();
    await expect(done).resolves.toBe('ok:a');
  });

  it('groups the submissions that wait while every transaction is busy, up to the group size, in order', async () => {
    const { commit, groups, finishAll } = manualCommit();
    const group = new GroupCommit(commit, 3, 1);
    const results = ['a', 'b', 'c', 'd', 'e', 'f'].map((item) => group.submit(item));
    expect(groups).toEqual([['a']]);
    await finishAll();
    expect(groups).toEqual([['a'], ['b', 'c', 'd'], ['e', 'f']]);
    await expect(Promise.all(results)).resolves.toEqual(['ok:a', 'ok:b', 'ok:c', 'ok:d', 'ok:e', 'ok:f']);
  });

  it('retries each submission of a failed group alone, so only the bad one fails', async () => {
    const { commit, groups, finishAll } = manualCommit((items) => items.includes('bad'));
    const group = new GroupCommit(commit, 5, 1);
    const first = group.submit('a');
    const rest = ['b', 'bad', 'c'].map((item) =>
      group.submit(item).then(
        (value) => ({ value }),
        (error: Error) => ({ error: error.message }),
      ),
    );
    await finishAll();
    await expect(first).resolves.toBe('ok:a');
    await expect(Promise.all(rest)).resolves.toEqual([
      { value: 'ok:b' },
      { error: 'refused bad' },
      { value: 'ok:c' },
    ]);
    expect(groups).toEqual([['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']]);
  });

  it('never runs more transactions at once than allowed', async () => {
    let running = 0;
    let most = 0;
    const group = new GroupCommit(
      async (items: number[]) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
        return items;
      },
      2,
      3,
    );
    await Promise.all(Array.from({ length: 40 }, (_, i) => group.submit(i)));
    expect(most).toBe(3);
  });
});
