import { ChangeWindow, MIN_UUID } from './change-window';

const at = (seconds: number) => new Date(Date.UTC(2027, 0, 1, 0, 0, seconds));
const change = (id: string, seconds: number) => ({ id, version: at(seconds) });

describe(ChangeWindow.name, () => {
  it('first reads from the overlap before its start', () => {
    const window = new ChangeWindow(at(10), 3000, 100);
    expect(window.nextRead()).toEqual({ since: at(7), afterId: MIN_UUID });
  });

  it('passes each version of a row on once, however often the overlap re-reads it', () => {
    const window = new ChangeWindow(at(10), 3000, 100);
    expect(window.accept([change('a', 9), change('b', 11)])).toEqual([change('a', 9), change('b', 11)]);
    expect(window.nextRead()).toEqual({ since: at(8), afterId: MIN_UUID });
    expect(window.accept([change('a', 9), change('b', 11)])).toEqual([]);
  });

  it('passes on a newer version of a row it has seen', () => {
    const window = new ChangeWindow(at(10), 3000, 100);
    window.accept([change('a', 11)]);
    expect(window.accept([change('a', 11), change('a', 12)])).toEqual([change('a', 12)]);
  });

  it('catches a change that committed late with an older version, within the overlap', () => {
    const window = new ChangeWindow(at(10), 3000, 100);
    window.accept([change('b', 12)]);
    // a transaction stamped at 11 s committed after the poll that saw 12 s
    expect(window.accept([change('a', 11), change('b', 12)])).toEqual([change('a', 11)]);
  });

  it('keeps its position when a poll finds nothing', () => {
    const window = new ChangeWindow(at(10), 3000, 100);
    window.accept([change('a', 20)]);
    window.accept([]);
    expect(window.nextRead()).toEqual({ since: at(17), afterId: MIN_UUID });
  });

  it('never moves back when the overlap returns only older rows', () => {
    const window = new ChangeWindow(at(10), 3000, 100);
    window.accept([change('a', 20)]);
    window.accept([change('b', 18)]);
    expect(window.nextRead().since).toEqual(at(17));
  });

  it('reads through a burst larger than a page by keyset, then returns to the overlap', () => {
    const window = new ChangeWindow(at(10), 3000, 2);
    expect(window.accept([change('a', 11), change('b', 11)])).toHaveLength(2);
    expect(window.behind).toBe(true);
    expect(window.nextRead()).toEqual({ since: at(11), afterId: 'b' });
    expect(window.accept([change('c', 11), change('d', 12)])).toHaveLength(2);
    expect(window.nextRead()).toEqual({ since: at(12), afterId: 'd' });
    expect(window.accept([change('e', 13)])).toEqual([change('e', 13)]);
    expect(window.behind).toBe(false);
    expect(window.nextRead()).toEqual({ since: at(10), afterId: MIN_UUID });
  });

  it('forgets what is older than the overlap, so memory stays bounded', () => {
    const window = new ChangeWindow(at(0), 1000, 100);
    for (let second = 1; second <= 1000; second++) window.accept([change(`r${second}`, second)]);
    // a version this old is never read again, so forgetting it cannot cause a repeat
    expect(window.accept([change('r1', 1)])).toEqual([change('r1', 1)]);
    expect(window.accept([change('r1000', 1000)])).toEqual([]);
  });
});
