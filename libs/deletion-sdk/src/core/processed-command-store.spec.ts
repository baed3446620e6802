import { aCommand, aResult } from '../../test/factories/protocol-messages.factory';
import { InMemoryProcessedCommandStore, processedCommandKey } from './processed-command-store';

describe(processedCommandKey.name, () => {
  it('keys by task and attempt, so a new attempt runs again', () => {
    expect(processedCommandKey(aCommand())).toBe('task-1#1');
    expect(processedCommandKey(aCommand({ attempt: 2 }))).toBe('task-1#2');
    expect(processedCommandKey(aCommand({ id: 'another-dispatch' }))).toBe('task-1#1');
  });

  it('keeps dry runs apart from real runs', () => {
    expect(processedCommandKey(aCommand({ dryRun: true }))).toBe('task-1#1#dry-run');
  });
});

const entry = (resultId: string) => ({ commandId: `cmd-for-${resultId}`, result: aResult({ id: resultId }) });

describe(InMemoryProcessedCommandStore.name, () => {
  it('returns what was stored: the command id and its result', async () => {
    const store = new InMemoryProcessedCommandStore();
    await store.set('a', entry('r-a'));
    await expect(store.get('a')).resolves.toEqual(entry('r-a'));
    await expect(store.get('a')).resolves.toMatchObject({ result: { id: 'r-a' } });
    await expect(store.get('b')).resolves.toBeUndefined();
  });

  it('replaces an entry stored again under the same key', async () => {
    const store = new InMemoryProcessedCommandStore();
    await store.set('a', entry('first'));
    await store.set('a', entry('second'));
    await expect(store.get('a')).resolves.toMatchObject({ result: { id: 'second' } });
    expect(store.size).toBe(1);
  });

  it('forgets the least recently used entry beyond its bound', async () => {
    const store = new InMemoryProcessedCommandStore(2);
    await store.set('a', entry('r-a'));
    await store.set('b', entry('r-b'));
    await store.get('a'); // a is now more recent than b
    await store.set('c', entry('r-c'));
    expect(store.size).toBe(2);
    await expect(store.get('b')).resolves.toBeUndefined();
    await expect(store.get('a')).resolves.toMatchObject({ result: { id: 'r-a' } });
    await expect(store.get('c')).resolves.toMatchObject({ result: { id: 'r-c' } });
  });

  it.each([0, -1, 1.5])('rejects the bound %p', (bound) => {
    expect(() => new InMemoryProcessedCommandStore(bound)).toThrow(RangeError);
  });
});
