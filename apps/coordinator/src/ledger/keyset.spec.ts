import { keysetPages } from './keyset';

const ROWS = Array.from({ length: 7 }, (_, index) => ({ id: index + 1 }));

function table(rows = ROWS) {
  const calls: { after: number | undefined; limit: number }[] = [];
  const fetchPage = async (after: number | undefined, limit: number) => {
    calls.push({ after, limit });
    return rows.filter((row) => after === undefined || row.id > after).slice(0, limit);
  };
  return { calls, fetchPage };
}

async function collect<T>(pages: AsyncGenerator<T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe(keysetPages.name, () => {
  it('yields every row once, in pages of at most the page size, continuing after the last key', async () => {
    const { calls, fetchPage } = table();
    const pages = await collect(keysetPages(fetchPage, (row) => row.id, 3));
    expect(pages.map((page) => page.map((row) => row.id))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(calls).toEqual([
      { after: undefined, limit: 3 },
      { after: 3, limit: 3 },
      { after: 6, limit: 3 },
    ]);
  });

  it('asks once more after an exactly full last page, and yields no empty page', async () => {
    const { calls, fetchPage } = table(ROWS.slice(0, 6));
    const pages = await collect(keysetPages(fetchPage, (row) => row.id, 3));
    expect(pages).toHaveLength(2);
    expect(calls.map((call) => call.after)).toEqual([undefined, 3, 6]);
  });

  it('yields nothing for an empty table', async () => {
    const { fetchPage } = table([]);
    await expect(collect(keysetPages(fetchPage, (row) => row.id, 3))).resolves.toEqual([]);
  });

  it('reads at most one page ahead: a consumer that stops early causes no further queries', async () => {
    const { calls, fetchPage } = table();
    for await (const page of keysetPages(fetchPage, (row) => row.id, 2)) {
      expect(page).toHaveLength(2);
      break;
    }
    expect(calls.map((call) => call.after)).toEqual([undefined, 2]);
  });

  it('fetches the next page while the consumer works on the current one', async () => {
    const started: (number | undefined)[] = [];
    const fetchPage = async (after: number | undefined, limit: number) => {
      started.push(after);
      return ROWS.filter((row) => after === undefined || row.id > after).slice(0, limit);
    };
    const pages = keysetPages(fetchPage, (row) => row.id, 3);
    await pages.next();
    expect(started).toEqual([undefined, 3]);
    await pages.return(undefined);
  });

  it('passes on a failed page to the consumer, and ignores a failed prefetch it no longer wants', async () => {
    const failing = async (after: number | undefined) => {
      if (after !== undefined) throw new Error('database gone');
      return ROWS.slice(0, 3);
    };
    const pages = keysetPages(failing, (row) => row.id, 3);
    await expect(pages.next()).resolves.toMatchObject({ done: false });
    await expect(pages.next()).rejects.toThrow('database gone');

    const abandoned = keysetPages(failing, (row) => row.id, 3);
    await abandoned.next();
    await expect(abandoned.return(undefined)).resolves.toEqual({ done: true, value: undefined });
  });
});
